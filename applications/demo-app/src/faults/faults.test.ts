import { afterEach, describe, expect, it } from "vitest";
import { startTestService, type TestService } from "../../test-support/in-process.ts";
import { drawDelay } from "./delay.ts";
import { ErrorBudget } from "./error-budget.ts";

let running: TestService | undefined;
afterEach(async () => {
  await running?.stop();
  running = undefined;
});

describe("ErrorBudget", () => {
  it.each([0, 0.01, 0.05, 0.1, 0.29, 1 / 3, 0.5, 0.99, 1])(
    "fails exactly floor(n * %d) of the first n requests, for every n",
    (rate) => {
      const budget = new ErrorBudget(rate);
      let failures = 0;

      for (let n = 1; n <= 10_000; n++) {
        failures += budget.next() ? 1 : 0;
        expect(failures).toBe(Math.floor(n * rate + 1e-9));
      }
    },
  );

  it("spreads failures: any window of w requests holds floor or ceil of w * rate", () => {
    const rate = 0.07;
    const budget = new ErrorBudget(rate);
    const outcomes = Array.from({ length: 5000 }, () => budget.next());
    const window = 100;

    for (let start = 0; start + window <= outcomes.length; start += 37) {
      const failed = outcomes.slice(start, start + window).filter(Boolean).length;
      expect([Math.floor(window * rate), Math.ceil(window * rate)]).toContain(failed);
    }
  });
});

describe("drawDelay", () => {
  it("stays within base ± jitter", () => {
    const latency = { baseMs: 200, jitterMs: 50 };

    expect(drawDelay(latency, () => 0)).toBe(150);
    expect(drawDelay(latency, () => 0.5)).toBe(200);
    expect(drawDelay(latency, () => 0.999999)).toBeCloseTo(250, 3);
  });
});

describe("fault injection over HTTP", () => {
  it("answers exactly ERROR_RATE of GET / with 500, and never faults other endpoints", async () => {
    const { url } = (running = await startTestService({ ERROR_RATE: "0.1" }));
    const statuses: number[] = [];
    const others: number[] = [];

    for (let batch = 0; batch < 20; batch++) {
      const responses = await Promise.all(Array.from({ length: 100 }, () => fetch(`${url}/`)));
      statuses.push(...responses.map((response) => response.status));
      for (const path of ["/health", "/ready", "/version", "/metrics"]) {
        others.push((await fetch(`${url}${path}`)).status);
      }
    }

    expect(statuses.filter((status) => status === 500)).toHaveLength(200);
    expect(statuses.filter((status) => status === 200)).toHaveLength(1800);
    expect(others.every((status) => status === 200)).toBe(true);
  });

  it("answers injected failures with a JSON error and counts them as 500", async () => {
    const { url } = (running = await startTestService({ ERROR_RATE: "1" }));

    const response = await fetch(`${url}/`);
    const metrics = await (await fetch(`${url}/metrics`)).text();

    expect(response.status).toBe(500);
    expect(await response.json()).toEqual({ error: "injected failure" });
    expect(metrics).toContain('http_requests_total{method="GET",route="/",code="500"} 1');
  });

  it("delays GET / by LATENCY within its jitter, and only GET /", async () => {
    const { url } = (running = await startTestService({ LATENCY: "150ms±50ms" }));
    const timed = async (path: string) => {
      const started = performance.now();
      await (await fetch(`${url}${path}`)).text();
      return performance.now() - started;
    };

    const delays = await Promise.all(Array.from({ length: 40 }, () => timed("/")));
    const health = await timed("/health");
    const metrics = await (await fetch(`${url}/metrics`)).text();
    const series = (name: string) =>
      Number(
        new RegExp(`^${name}\\{method="GET",route="/",code="200"\\} (\\S+)$`, "m").exec(
          metrics,
        )?.[1],
      );
    const serverMeanMs = (series("http_request_duration_seconds_sum") * 1000) / 40;

    // Timers never fire early, so no client sees less than the smallest delay.
    expect(Math.min(...delays)).toBeGreaterThanOrEqual(99);
    // Uniform on [100, 200]: the mean of 40 draws has a standard deviation of about 4.6 ms,
    // and a busy machine only adds to it. Measured by the service, so client queueing is out.
    expect(series("http_request_duration_seconds_count")).toBe(40);
    expect(serverMeanMs).toBeGreaterThan(135);
    expect(serverMeanMs).toBeLessThan(190);
    expect(health).toBeLessThan(Math.min(...delays));
  });
});
