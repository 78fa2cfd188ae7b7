import { existsSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isAlive } from "../process/is-alive.ts";
import { LocalPrometheus, MissingBinaryError, PrometheusQueryError } from "./index.ts";

describe("LocalPrometheus", () => {
  let exporter: Server;
  let address = "";

  beforeAll(async () => {
    exporter = createServer((_, response) => {
      response.setHeader("content-type", "text/plain; version=0.0.4");
      response.end("# TYPE rehearsal_probe gauge\nrehearsal_probe 42\n");
    });
    await new Promise<void>((resolve) => exporter.listen(0, "127.0.0.1", resolve));
    const bound = exporter.address();
    address = typeof bound === "object" && bound ? `127.0.0.1:${bound.port}` : "";
  });

  afterAll(() => new Promise<void>((resolve) => exporter.close(() => resolve())));

  it("scrapes a target with its labels, answers queries, and leaves nothing behind", async () => {
    const prometheus = await LocalPrometheus.start({ scrapeInterval: "200ms", jobs: ["probe"] });
    try {
      await prometheus.setTargets("probe", [{ address, labels: { pod: "probe-0", app: "demo" } }]);

      let result: unknown = [];
      for (let i = 0; i < 100 && Array.isArray(result) && result.length === 0; i++) {
        await sleep(100);
        result = (await prometheus.query('rehearsal_probe{pod="probe-0",app="demo"}')).result;
      }
      expect(result).toMatchObject([
        { metric: { job: "probe" }, value: [expect.any(Number), "42"] },
      ]);
    } finally {
      await prometheus.stop();
    }

    expect(isAlive(prometheus.pid)).toBe(false);
    expect(existsSync(prometheus.folder)).toBe(false);
  }, 30_000);

  it("reports a rejected query and an unreachable server as query errors", async () => {
    const prometheus = await LocalPrometheus.start({ scrapeInterval: "1s", jobs: [] });
    try {
      await expect(prometheus.query("sum(")).rejects.toThrow(PrometheusQueryError);
      await prometheus.kill("SIGKILL");
      await expect(prometheus.query("up")).rejects.toThrow(/could not query prometheus/);
    } finally {
      await prometheus.stop();
    }
    expect(existsSync(prometheus.folder)).toBe(false);
  }, 30_000);

  it("says how to install prometheus when it is missing", async () => {
    await expect(
      LocalPrometheus.start({ scrapeInterval: "1s", jobs: [], env: { PATH: "/nonexistent" } }),
    ).rejects.toThrow(MissingBinaryError);
    await expect(
      LocalPrometheus.start({ scrapeInterval: "1s", jobs: [], env: { PATH: "/nonexistent" } }),
    ).rejects.toThrow(/apt-get install prometheus/);
  });
});
