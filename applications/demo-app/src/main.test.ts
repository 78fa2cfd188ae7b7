import { spawnSync } from "node:child_process";
import { Agent, request } from "node:http";
import { afterEach, describe, expect, it } from "vitest";
import { mainScript, type ServiceProcess, spawnProcess } from "../test-support/service-process.ts";

const started: ServiceProcess[] = [];
afterEach(() => {
  for (const service of started.splice(0)) {
    service.child.kill("SIGKILL");
  }
});

async function spawn(env: Record<string, string>): Promise<ServiceProcess> {
  const service = await spawnProcess({ env });
  started.push(service);
  return service;
}

/** One GET over the given agent: its status, or the error code when the request failed. */
function get(agent: Agent, port: number, path: string): Promise<number | string> {
  return new Promise((resolve) => {
    const req = request({ host: "127.0.0.1", port, path, agent }, (res) => {
      res.resume();
      res.on("end", () => resolve(res.statusCode ?? 0));
      res.on("error", (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
    });
    req.on("error", (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
    req.end();
  });
}

describe("configuration at start", () => {
  it("exits 2 with one line naming the variable, the value and what is expected", () => {
    const result = spawnSync(process.execPath, [mainScript], {
      env: { ERROR_RATE: "1.5" },
      encoding: "utf8",
    });

    expect(result.status).toBe(2);
    expect(result.stderr).toBe(
      'demo-app: invalid ERROR_RATE="1.5": expected a number from 0 to 1, such as 0.05\n',
    );
    expect(result.stdout).toBe("");
  });

  it("names every bad variable, one line each", () => {
    const result = spawnSync(process.execPath, [mainScript], {
      env: { PORT: "http", LATENCY: "fast" },
      encoding: "utf8",
    });

    expect(result.status).toBe(2);
    expect(result.stderr.trim().split("\n")).toEqual([
      'demo-app: invalid PORT="http": expected an integer port from 0 to 65535',
      expect.stringMatching(/^demo-app: invalid LATENCY="fast": expected a duration such as/),
    ]);
  });

  it("exits 1 with a JSON log line when the port is taken", async () => {
    const first = await spawn({});

    const result = spawnSync(process.execPath, [mainScript], {
      env: { PORT: String(first.port), HOST: "127.0.0.1" },
      encoding: "utf8",
    });

    expect(result.status).toBe(1);
    expect(JSON.parse(result.stdout.trim())).toMatchObject({
      level: "fatal",
      msg: "could not listen",
      err: expect.objectContaining({ code: "EADDRINUSE" }),
    });
  });
});

describe("graceful shutdown", () => {
  it("loses no request under steady load across SIGTERM", async () => {
    const service = await spawn({ SHUTDOWN_DELAY: "1s", SHUTDOWN_TIMEOUT: "5s" });
    const agent = new Agent({ keepAlive: true, maxSockets: 8 });
    const probe = new Agent({ keepAlive: false });
    let endpointRemoved = false;
    const outcomes: (number | string)[] = [];

    // Load: 8 clients in a loop, who stop sending new requests once readiness fails, as callers
    // do when the endpoint disappears.
    const clients = Array.from({ length: 8 }, async () => {
      while (!endpointRemoved) {
        outcomes.push(await get(agent, service.port, "/"));
      }
    });
    const watcher = (async () => {
      while ((await get(probe, service.port, "/ready")) === 200) {
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      endpointRemoved = true;
    })();

    await new Promise((resolve) => setTimeout(resolve, 500));
    const signalled = performance.now();
    service.child.kill("SIGTERM");
    await watcher;
    const afterRemoval = await get(probe, service.port, "/");
    await Promise.all(clients);
    const status = await service.exited;
    const elapsed = performance.now() - signalled;
    agent.destroy();

    expect(outcomes.length).toBeGreaterThan(100);
    expect(outcomes.filter((outcome) => outcome !== 200)).toEqual([]);
    expect(afterRemoval).toBe(200);
    expect(status).toEqual({ code: 0, signal: null });
    expect(elapsed).toBeGreaterThanOrEqual(1000);
    expect(elapsed).toBeLessThan(5000);
    expect(service.logs.map((entry) => entry.msg)).toEqual(
      expect.arrayContaining(["shutdown requested", "draining", "closed: every request answered"]),
    );
  });

  it("finishes a request in flight when it stops accepting, then exits 0 on SIGINT", async () => {
    const service = await spawn({ SHUTDOWN_DELAY: "0", LATENCY: "800ms" });
    const agent = new Agent({ keepAlive: true });

    const slow = get(agent, service.port, "/");
    await new Promise((resolve) => setTimeout(resolve, 200));
    service.child.kill("SIGINT");
    await new Promise((resolve) => setTimeout(resolve, 200));
    const refused = await get(new Agent(), service.port, "/health");

    expect(await slow).toBe(200);
    expect(refused).toBe("ECONNREFUSED");
    expect(await service.exited).toEqual({ code: 0, signal: null });
    agent.destroy();
  });

  it("cuts what is left at SHUTDOWN_TIMEOUT and exits 1", async () => {
    const service = await spawn({ SHUTDOWN_DELAY: "0", SHUTDOWN_TIMEOUT: "500ms", LATENCY: "5s" });
    const agent = new Agent({ keepAlive: true });

    const slow = get(agent, service.port, "/");
    await new Promise((resolve) => setTimeout(resolve, 100));
    const signalled = performance.now();
    service.child.kill("SIGTERM");
    const status = await service.exited;

    expect(status).toEqual({ code: 1, signal: null });
    expect(performance.now() - signalled).toBeLessThan(2000);
    expect(await slow).toBe("ECONNRESET");
    expect(service.logs.map((entry) => entry.msg)).toContain(
      "deadline reached: open connections cut",
    );
    agent.destroy();
  });
});
