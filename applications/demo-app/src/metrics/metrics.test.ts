import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { afterEach, describe, expect, it } from "vitest";
import { startTestService, type TestService } from "../../test-support/in-process.ts";
import { buildInfoLabels, durationBuckets, metricNames, unknownRoute } from "./names.ts";

const run = promisify(execFile);

let running: TestService | undefined;
afterEach(async () => {
  await running?.stop();
  running = undefined;
});

async function scrape(url: string): Promise<string> {
  return (await fetch(`${url}/metrics`)).text();
}

/** The samples of one metric name: labels (as an object) and value. */
function samples(text: string, name: string): { labels: Record<string, string>; value: number }[] {
  const pattern = new RegExp(`^${name}(?:\\{(.*)\\})? (\\S+)$`, "gm");
  return [...text.matchAll(pattern)].map((match) => ({
    labels: Object.fromEntries(
      [...(match[1] ?? "").matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((l) => [l[1], l[2]]),
    ),
    value: Number(match[2]),
  }));
}

describe("metrics", () => {
  it("counts each request under method, route template and the status actually sent", async () => {
    const { url } = (running = await startTestService());
    await fetch(`${url}/`);
    await fetch(`${url}/`);
    await fetch(`${url}/nowhere`);
    await fetch(`${url}/version`, { method: "POST" });

    const counts = samples(await scrape(url), metricNames.requestsTotal);

    expect(counts).toContainEqual({ labels: { method: "GET", route: "/", code: "200" }, value: 2 });
    expect(counts).toContainEqual({
      labels: { method: "GET", route: unknownRoute, code: "404" },
      value: 1,
    });
    expect(counts).toContainEqual({
      labels: { method: "POST", route: "/version", code: "405" },
      value: 1,
    });
    for (const { labels } of counts) {
      expect(Object.keys(labels)).toEqual(["method", "route", "code"]);
    }
  });

  it("observes durations in the agreed buckets, 0.1, 0.25, 0.5 and 1 among them", async () => {
    const { url } = (running = await startTestService({ LATENCY: "120ms" }));
    await fetch(`${url}/`);

    const buckets = samples(
      await scrape(url),
      `${metricNames.requestDurationSeconds}_bucket`,
    ).filter(({ labels }) => labels.route === "/" && labels.code === "200");
    const bounds = buckets.map(({ labels }) => labels.le);
    const count = (le: string) => buckets.find(({ labels }) => labels.le === le)?.value;

    expect(bounds).toEqual([...durationBuckets.map(String), "+Inf"]);
    expect(durationBuckets).toEqual(expect.arrayContaining([0.1, 0.25, 0.5, 1]));
    expect(count("0.1")).toBe(0);
    expect(count("0.25")).toBe(1);
    expect(count("+Inf")).toBe(1);
  });

  it("reports requests in flight, including the scrape itself", async () => {
    const { url } = (running = await startTestService({ LATENCY: "1s" }));
    const slow = [fetch(`${url}/`), fetch(`${url}/`)];
    let during = samples(await scrape(url), metricNames.requestsInFlight);
    for (let tries = 0; tries < 15 && during[0]?.value !== 3; tries++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      during = samples(await scrape(url), metricNames.requestsInFlight);
    }

    await Promise.all(slow);
    const after = samples(await scrape(url), metricNames.requestsInFlight);

    expect(during).toEqual([{ labels: {}, value: 3 }]);
    expect(after).toEqual([{ labels: {}, value: 1 }]);
  });

  it("exposes a build-info gauge with the version, and the process metrics", async () => {
    const { url } = (running = await startTestService({ VERSION: "1.2.3", COMMIT: "feed" }));

    const text = await scrape(url);

    expect(samples(text, metricNames.buildInfo)).toEqual([
      {
        labels: {
          version: "1.2.3",
          commit: "feed",
          color: "blue",
          runtime: `node ${process.version}`,
        },
        value: 1,
      },
    ]);
    expect(Object.keys(samples(text, metricNames.buildInfo)[0]?.labels ?? {})).toEqual([
      ...buildInfoLabels,
    ]);
    expect(text).toContain("# TYPE process_cpu_user_seconds_total counter");
    expect(text).toContain("# TYPE process_resident_memory_bytes gauge");
    expect(text).toContain("# TYPE nodejs_eventloop_lag_seconds gauge");
  });

  it("keeps the series count unchanged after thousands of random paths", async () => {
    const { url } = (running = await startTestService());
    await fetch(`${url}/first-unknown-path`);
    const before = (await scrape(url)).split("\n").filter((l) => l.startsWith("http_")).length;

    for (let batch = 0; batch < 30; batch++) {
      await Promise.all(
        Array.from({ length: 100 }, () =>
          fetch(`${url}/${Math.random().toString(36).slice(2)}/${batch}?q=${Math.random()}`),
        ),
      );
    }
    const text = await scrape(url);
    const after = text.split("\n").filter((l) => l.startsWith("http_")).length;

    expect(after).toBe(before);
    expect(samples(text, metricNames.requestsTotal)).toContainEqual({
      labels: { method: "GET", route: unknownRoute, code: "404" },
      value: 3001,
    });
  });

  it("passes promtool's exposition lint (but for prom-client's own gauge names)", async () => {
    const { url } = (running = await startTestService());
    await fetch(`${url}/`);
    await fetch(`${url}/missing`);
    const text = await scrape(url);

    const child = run("promtool", ["check", "metrics"]);
    child.child.stdin?.end(text);
    const { stdout, stderr } = await child.catch((error: { stdout: string; stderr: string }) => {
      return { stdout: error.stdout, stderr: error.stderr };
    });

    // prom-client names three gauges `*_total`; they are its defaults, kept for compatibility
    // with its dashboards. Anything else (a parse error above all) fails.
    const findings = `${stdout}${stderr}`.split("\n").filter(Boolean);
    const promClientGauges = /^nodejs_active_(handles|requests|resources)_total non-counter/;
    expect(findings.filter((line) => !promClientGauges.test(line))).toEqual([]);
    expect(text).toContain("http_requests_total{");
  });
});
