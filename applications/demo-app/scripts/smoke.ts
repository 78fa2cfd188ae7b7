import { Agent, request } from "node:http";
import { spawnProcess } from "../test-support/service-process.ts";

/**
 * Starts the service as a real process on an ephemeral loopback port, sends a few hundred
 * requests across its endpoints, prints what came back and an excerpt of /metrics, then stops
 * it with SIGTERM. Exits 1 if any request failed to get an answer or the service did not exit
 * cleanly. Faults can be set as usual (ERROR_RATE, LATENCY); 5% of GET / fail unless told.
 */
const env = {
  VERSION: process.env.VERSION ?? "1.0.0",
  // Not read from the environment: npm sets COLOR to its own 0 or 1 for every script it runs.
  COLOR: "blue",
  ERROR_RATE: process.env.ERROR_RATE ?? "0.05",
  LATENCY: process.env.LATENCY ?? "0",
  SHUTDOWN_DELAY: "0",
};
const plan: [method: string, path: string, times: number][] = [
  ["GET", "/", 300],
  ["GET", "/health", 40],
  ["GET", "/ready", 40],
  ["GET", "/version", 10],
  ["GET", "/no-such-page", 10],
  ["POST", "/", 10],
];

const service = await spawnProcess({ env });
console.log(`demo-app started on ${service.url} (${describe(env)})`);

const agent = new Agent({ keepAlive: true, maxSockets: 16 });
const tally = new Map<string, number>();
let unanswered = 0;
for (const [method, path, times] of plan) {
  const outcomes = await Promise.all(Array.from({ length: times }, () => send(method, path)));
  for (const outcome of outcomes) {
    if (typeof outcome === "string") {
      unanswered++;
    }
    const key = `${method} ${path} -> ${outcome}`;
    tally.set(key, (tally.get(key) ?? 0) + 1);
  }
}

console.log("\nanswers");
for (const [key, count] of tally) {
  console.log(`  ${String(count).padStart(4)}  ${key}`);
}

const metrics = await fetch(`${service.url}/metrics`).then((response) => response.text());
console.log("\n/metrics (request counters and build info)");
for (const line of metrics.split("\n")) {
  if (/^(http_requests_total|http_requests_in_flight|demo_app_build_info)[{ ]/.test(line)) {
    console.log(`  ${line}`);
  }
}

agent.destroy();
const status = await service.stop("SIGTERM");
console.log(`\nstopped with SIGTERM: exit code ${status.code}`);
const ok = unanswered === 0 && status.code === 0;
console.log(ok ? "smoke: ok" : `smoke: failed (${unanswered} requests unanswered)`);
process.exitCode = ok ? 0 : 1;

function send(method: string, path: string): Promise<number | string> {
  return new Promise((resolve) => {
    const req = request({ host: "127.0.0.1", port: service.port, method, path, agent }, (res) => {
      res.resume();
      res.on("end", () => resolve(res.statusCode ?? 0));
    });
    req.on("error", (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
    req.end();
  });
}

function describe(values: Record<string, string>): string {
  return Object.entries(values)
    .map(([name, value]) => `${name}=${value}`)
    .join(" ");
}
