import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { parseArgs } from "node:util";
import {
  freePort,
  getStatus,
  mainScript,
  type ServiceProcess,
  spawnProcess,
} from "../test-support/service-process.ts";
import { runWrk, type WrkResult } from "./wrk.ts";

/**
 * The service against a bare node:http server that sends the same bytes, each pinned to CPU 0,
 * wrk pinned to CPU 1, in alternating rounds so drift on a shared machine hits both alike.
 * Prints every round, then the median throughput ratio and p99s, idle RSS and start time.
 */
const { values } = parseArgs({
  options: {
    rounds: { type: "string", default: "5" },
    duration: { type: "string", default: "10" },
    warmup: { type: "string", default: "3" },
    connections: { type: "string", default: "64" },
    starts: { type: "string", default: "15" },
  },
});
const rounds = Number(values.rounds);
const durationSeconds = Number(values.duration);
const warmupSeconds = Number(values.warmup);
const connections = Number(values.connections);
const starts = Number(values.starts);
const serverCpu = 0;
const loadCpu = 1;

const targets = {
  throughput: 0.95,
  p99: 1.2,
  rssMiB: 64,
  startMs: 150,
} as const;

requireTools();

const bareScript = new URL("./bare-server.ts", import.meta.url).pathname;
const quietEnv = { LOG_LEVEL: "warn", SHUTDOWN_DELAY: "0" };
const servicePort = await freePort();
const service = await spawnProcess({
  env: { ...quietEnv, PORT: String(servicePort) },
  cpu: serverCpu,
  port: servicePort,
});
const barePort = await freePort();
const bare = await spawnProcess({
  script: bareScript,
  env: { PORT: String(barePort) },
  cpu: serverCpu,
  port: barePort,
});

await sleep(2000);
const idleRssMiB = rssMiB(service);
const bareIdleRssMiB = rssMiB(bare);

console.log(`warming up ${warmupSeconds}s each`);
for (const target of [service, bare]) {
  await runWrk({
    url: `${target.url}/`,
    connections,
    durationSeconds: warmupSeconds,
    cpu: loadCpu,
  });
}

const results: { service: WrkResult; bare: WrkResult }[] = [];
console.log(`${rounds} rounds of ${durationSeconds}s at ${connections} connections`);
console.log("round  service req/s  bare req/s  ratio  service p99  bare p99");
for (let round = 1; round <= rounds; round++) {
  const order = round % 2 === 1 ? [service, bare] : [bare, service];
  const measured = new Map<ServiceProcess, WrkResult>();
  for (const target of order) {
    const url = `${target.url}/`;
    measured.set(target, await runWrk({ url, connections, durationSeconds, cpu: loadCpu }));
  }

  const pair = {
    service: measured.get(service) as WrkResult,
    bare: measured.get(bare) as WrkResult,
  };
  results.push(pair);
  console.log(
    [
      String(round).padStart(5),
      pair.service.requestsPerSecond.toFixed(0).padStart(14),
      pair.bare.requestsPerSecond.toFixed(0).padStart(11),
      (pair.service.requestsPerSecond / pair.bare.requestsPerSecond).toFixed(3).padStart(6),
      `${pair.service.p99Ms.toFixed(2)}ms`.padStart(12),
      `${pair.bare.p99Ms.toFixed(2)}ms`.padStart(9),
    ].join(" "),
  );
}
const loadedRssMiB = rssMiB(service);
await Promise.all([service.stop(), bare.stop()]);

const failures = results.reduce((sum, r) => sum + r.service.failures + r.bare.failures, 0);
const ratio = median(results.map((r) => r.service.requestsPerSecond / r.bare.requestsPerSecond));
const serviceP99 = median(results.map((r) => r.service.p99Ms));
const bareP99 = median(results.map((r) => r.bare.p99Ms));
const startMs = await measureStarts(starts);

console.log("");
console.log(`throughput ratio (median): ${ratio.toFixed(3)}  target >= ${targets.throughput}`);
console.log(
  `p99 (median): service ${serviceP99.toFixed(2)}ms, bare ${bareP99.toFixed(2)}ms, ratio ` +
    `${(serviceP99 / bareP99).toFixed(3)}  target <= ${targets.p99}`,
);
console.log(
  `idle RSS: service ${idleRssMiB.toFixed(1)} MiB (after load ${loadedRssMiB.toFixed(1)} MiB), ` +
    `bare ${bareIdleRssMiB.toFixed(1)} MiB  target <= ${targets.rssMiB} MiB`,
);
console.log(
  `start to first /health 200 (median of ${starts}): ${median(startMs).toFixed(0)}ms, max ` +
    `${Math.max(...startMs).toFixed(0)}ms  target <= ${targets.startMs}ms`,
);
console.log(`failed requests during the rounds: ${failures}`);

function requireTools(): void {
  for (const tool of ["wrk", "taskset"]) {
    try {
      execFileSync("sh", ["-c", `command -v ${tool}`], { stdio: "ignore" });
    } catch {
      console.error(`bench: ${tool} is missing (Debian: apt-get install wrk util-linux)`);
      process.exit(2);
    }
  }
  if (availableParallelism() < 2) {
    console.error("bench: needs 2 CPUs, one for the server and one for wrk");
    process.exit(2);
  }
}

/** Time from spawning the service to its first /health 200, polled every millisecond. */
async function measureStarts(count: number): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    const port = await freePort();
    const started = performance.now();
    const child = spawnWithoutWaiting(port);
    for (;;) {
      const status = await getStatus(port, "/health").catch(() => 0);
      if (status === 200) {
        break;
      }
      await sleep(1);
    }
    times.push(performance.now() - started);
    child.kill("SIGKILL");
  }
  return times;
}

function spawnWithoutWaiting(port: number) {
  const { spawn } = process.getBuiltinModule("node:child_process");
  return spawn("taskset", ["-c", String(serverCpu), process.execPath, mainScript], {
    env: { PORT: String(port), HOST: "127.0.0.1", LOG_LEVEL: "warn", PATH: process.env.PATH },
    stdio: "ignore",
  });
}

function rssMiB(target: ServiceProcess): number {
  const status = readFileSync(`/proc/${target.child.pid}/status`, "utf8");
  const kib = Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? Number.NaN);
  return kib / 1024;
}

function median(numbers: number[]): number {
  const sorted = [...numbers].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
