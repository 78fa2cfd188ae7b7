import { execFileSync, spawn } from "node:child_process";
import { once } from "node:events";
import { existsSync, readFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
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
 * The service, compiled as the image runs it (`npm run bench` builds it first), against a bare
 * node:http server that sends the same bytes: each pinned to CPU 0, wrk pinned to CPU 1, in
 * alternating rounds so drift on a shared machine hits both alike. Prints every round, then
 * the median throughput ratio, p99s and CPU time per request, idle RSS and start time.
 */
const { values } = parseArgs({
  options: {
    rounds: { type: "string", default: "10" },
    duration: { type: "string", default: "5" },
    warmup: { type: "string", default: "3" },
    connections: { type: "string", default: "64" },
    starts: { type: "string", default: "9" },
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

const compiledScript = fileURLToPath(new URL("../dist/main.js", import.meta.url));
if (!existsSync(compiledScript)) {
  console.error("bench: dist/main.js is missing; run it with `npm run bench`, which builds first");
  process.exit(2);
}
const bareScript = fileURLToPath(new URL("./bare-server.ts", import.meta.url));
const quietEnv = { LOG_LEVEL: "warn", SHUTDOWN_DELAY: "0" };
const servicePort = await freePort();
const service = await spawnProcess({
  script: compiledScript,
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

console.log(`warming up ${warmupSeconds}s each`);
for (const target of [service, bare]) {
  await runWrk({
    url: `${target.url}/`,
    connections,
    durationSeconds: warmupSeconds,
    cpu: loadCpu,
  });
}

type Measured = WrkResult & { cpuMicrosPerRequest: number };
const results: { service: Measured; bare: Measured }[] = [];
console.log(`${rounds} rounds of ${durationSeconds}s at ${connections} connections`);
console.log(
  "round  service req/s  bare req/s  ratio  service p99  bare p99  CPU us/req service, bare",
);
for (let round = 1; round <= rounds; round++) {
  const order = round % 2 === 1 ? [service, bare] : [bare, service];
  const measured = new Map<ServiceProcess, Measured>();
  for (const target of order) {
    const url = `${target.url}/`;
    const cpuBefore = cpuMillis(target.child.pid);
    const result = await runWrk({ url, connections, durationSeconds, cpu: loadCpu });
    const cpuUsed = cpuMillis(target.child.pid) - cpuBefore;
    const requests = result.requestsPerSecond * durationSeconds;
    measured.set(target, { ...result, cpuMicrosPerRequest: (cpuUsed * 1000) / requests });
  }

  const pair = { service: measured.get(service) as Measured, bare: measured.get(bare) as Measured };
  results.push(pair);
  console.log(
    [
      String(round).padStart(5),
      pair.service.requestsPerSecond.toFixed(0).padStart(14),
      pair.bare.requestsPerSecond.toFixed(0).padStart(11),
      (pair.service.requestsPerSecond / pair.bare.requestsPerSecond).toFixed(3).padStart(6),
      `${pair.service.p99Ms.toFixed(2)}ms`.padStart(12),
      `${pair.bare.p99Ms.toFixed(2)}ms`.padStart(9),
      `${micros(pair.service)}, ${micros(pair.bare)}`.padStart(28),
    ].join(" "),
  );
}
const loadedRssMiB = rssMiB(service.child.pid);
await Promise.all([service.stop(), bare.stop()]);

const failures = results.reduce((sum, r) => sum + r.service.failures + r.bare.failures, 0);
const ratio = median(results.map((r) => r.service.requestsPerSecond / r.bare.requestsPerSecond));
const serviceP99 = median(results.map((r) => r.service.p99Ms));
const bareP99 = median(results.map((r) => r.bare.p99Ms));
const serviceCpu = median(results.map((r) => r.service.cpuMicrosPerRequest));
const bareCpu = median(results.map((r) => r.bare.cpuMicrosPerRequest));
const compiled = await measureStarts(compiledScript, starts);
const typeScript = await measureStarts(mainScript, starts);
const bareStart = await measureStarts(bareScript, starts, "/");

console.log("");
console.log(`throughput ratio (median): ${ratio.toFixed(3)}  target >= ${targets.throughput}`);
console.log(
  `p99 (median): service ${serviceP99.toFixed(2)}ms, bare ${bareP99.toFixed(2)}ms, ratio ` +
    `${(serviceP99 / bareP99).toFixed(3)}  target <= ${targets.p99}`,
);
console.log(
  `CPU per request (median): service ${serviceCpu.toFixed(1)}us, bare ${bareCpu.toFixed(1)}us, ` +
    `ratio ${(serviceCpu / bareCpu).toFixed(3)} (less sensitive to other load on the machine)`,
);
console.log(`service after the rounds: RSS ${loadedRssMiB.toFixed(1)} MiB`);
console.log(
  `targets: idle RSS <= ${targets.rssMiB} MiB, start to first /health 200 <= ${targets.startMs}ms`,
);
console.log("entry              idle RSS (median)  start (median, max)");
for (const [name, result] of [
  ["dist/main.js", compiled],
  ["src/main.ts", typeScript],
  ["bare server", bareStart],
] as const) {
  console.log(
    `${name.padEnd(18)} ${`${median(result.rssMiB).toFixed(1)} MiB`.padStart(17)}  ` +
      `${median(result.startMs).toFixed(0)}ms, ${Math.max(...result.startMs).toFixed(0)}ms`,
  );
}
console.log(`failed requests during the rounds: ${failures}`);
process.exitCode = failures > 0 ? 1 : 0;

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

/**
 * Time from spawning a script to its first 200 on `path`, polled every millisecond, and its
 * resident memory one second later, idle.
 */
async function measureStarts(
  script: string,
  count: number,
  path = "/health",
): Promise<{ startMs: number[]; rssMiB: number[] }> {
  const startMs: number[] = [];
  const rss: number[] = [];
  for (let i = 0; i < count; i++) {
    const port = await freePort();
    const started = performance.now();
    const child = spawn("taskset", ["-c", String(serverCpu), process.execPath, script], {
      env: { PORT: String(port), HOST: "127.0.0.1", LOG_LEVEL: "warn", PATH: process.env.PATH },
      stdio: "ignore",
    });
    while ((await getStatus(port, path).catch(() => 0)) !== 200) {
      await sleep(1);
    }
    startMs.push(performance.now() - started);

    await sleep(1000);
    rss.push(rssMiB(child.pid));
    child.kill("SIGKILL");
    await once(child, "exit");
  }
  return { startMs, rssMiB: rss };
}

function micros(measured: Measured): string {
  return measured.cpuMicrosPerRequest.toFixed(1);
}

/** User plus system CPU time of a process, in milliseconds (clock ticks of 10 ms). */
function cpuMillis(pid: number | undefined): number {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.split(" ") ?? [];
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

function rssMiB(pid: number | undefined): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
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
