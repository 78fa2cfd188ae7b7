import { afterEach, describe, expect, it } from "vitest";
import { startTestService, type TestService } from "../../test-support/in-process.ts";

let running: TestService | undefined;
afterEach(async () => {
  await running?.stop();
  running = undefined;
});

async function start(env: Record<string, string> = {}) {
  running = await startTestService(env);
  return running;
}

describe("endpoints", () => {
  it("GET / greets with the version and colour as JSON", async () => {
    const { url } = await start({ VERSION: "2.0.1", COLOR: "green" });

    const response = await fetch(`${url}/`);

    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/json; charset=utf-8");
    expect(await response.json()).toEqual({
      message: "hello from demo-app",
      version: "2.0.1",
      color: "green",
    });
  });

  it("ignores the query string when routing", async () => {
    const { url } = await start();

    expect((await fetch(`${url}/health?probe=1`)).status).toBe(200);
  });

  it("GET /health answers 200", async () => {
    const { url } = await start();

    const response = await fetch(`${url}/health`);

    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: "ok" });
  });

  it("GET /version names the version, commit, build time and runtime", async () => {
    const { url } = await start({
      VERSION: "3.1.0",
      COMMIT: "0123abc",
      BUILD_TIME: "2026-12-01T10:00:00Z",
    });

    const body = await (await fetch(`${url}/version`)).json();

    expect(body).toEqual({
      version: "3.1.0",
      commit: "0123abc",
      buildTime: "2026-12-01T10:00:00Z",
      runtime: `node ${process.version}`,
    });
  });

  it("GET /metrics answers in the Prometheus text format", async () => {
    const { url } = await start();

    const response = await fetch(`${url}/metrics`);

    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/plain; version=0.0.4; charset=utf-8");
    expect(await response.text()).toContain("# TYPE http_requests_total counter");
  });

  it("HEAD answers like GET without a body", async () => {
    const { url } = await start();

    const response = await fetch(`${url}/`, { method: "HEAD" });

    expect(response.status).toBe(200);
    expect(await response.text()).toBe("");
  });

  it("an unknown path answers 404 as JSON", async () => {
    const { url } = await start();

    const response = await fetch(`${url}/no/such/page`);

    expect(response.status).toBe(404);
    expect(response.headers.get("content-type")).toBe("application/json; charset=utf-8");
    expect(await response.json()).toEqual({ error: "not found" });
  });

  it.each(["POST", "PUT", "DELETE", "PATCH"])(
    "%s on a known path answers 405 with Allow",
    async (method) => {
      const { url } = await start();

      const response = await fetch(`${url}/health`, { method });

      expect(response.status).toBe(405);
      expect(response.headers.get("allow")).toBe("GET, HEAD");
      expect(await response.json()).toEqual({ error: "method not allowed" });
    },
  );
});

describe("readiness", () => {
  it("answers 503 while the service starts, 200 once ready, 503 while draining", async () => {
    const metricsLoaded = Promise.withResolvers<void>();
    const processMetrics = async () => {
      await metricsLoaded.promise;
      return { render: async () => "" };
    };
    const { url, service } = await startTestService(
      { SHUTDOWN_DELAY: "500ms" },
      { processMetrics },
      false,
    );
    running = { service, url, logs: [], stop: async () => {} };

    const starting = await fetch(`${url}/ready`);
    metricsLoaded.resolve();
    await service.ready;
    const ready = await fetch(`${url}/ready`);
    const shutdown = service.shutdown();
    const draining = await fetch(`${url}/ready`);
    await shutdown;

    expect(starting.status).toBe(503);
    expect(await starting.json()).toEqual({ status: "starting" });
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: "ready" });
    expect(draining.status).toBe(503);
    expect(await draining.json()).toEqual({ status: "draining" });
  });

  it("serves /health while not ready: liveness does not depend on readiness", async () => {
    const never = new Promise<never>(() => {});
    const { url, service } = await startTestService({}, { processMetrics: () => never }, false);
    running = { service, url, logs: [], stop: async () => {} };

    expect((await fetch(`${url}/health`)).status).toBe(200);
    expect((await fetch(`${url}/ready`)).status).toBe(503);
    await service.shutdown();
  });
});

describe("failures", () => {
  it("answers 500 without internals when a handler fails, and logs the cause", async () => {
    const processMetrics = async () => ({
      render: async (): Promise<string> => {
        throw new Error("secret detail at /srv/internal/path");
      },
    });
    const { url, logs } = (running = await startTestService({}, { processMetrics }));

    const response = await fetch(`${url}/metrics`);
    const text = await response.text();

    expect(response.status).toBe(500);
    expect(JSON.parse(text)).toEqual({ error: "internal error" });
    expect(text).not.toContain("secret");
    expect(logs).toContainEqual(
      expect.objectContaining({
        level: "error",
        msg: "request failed",
        err: expect.objectContaining({ message: "secret detail at /srv/internal/path" }),
      }),
    );
  });
});
