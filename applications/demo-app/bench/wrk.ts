import { execFile } from "node:child_process";
import { promisify } from "node:util";

const run = promisify(execFile);

export interface WrkResult {
  requestsPerSecond: number;
  p99Ms: number;
  /** Non-2xx answers and socket errors: a round with any is not a valid measurement. */
  failures: number;
}

export interface WrkOptions {
  url: string;
  connections: number;
  durationSeconds: number;
  /** The CPU wrk is pinned to. */
  cpu: number;
}

/** Runs wrk with one thread pinned to `cpu` and reads its summary. */
export async function runWrk(options: WrkOptions): Promise<WrkResult> {
  const { stdout } = await run("taskset", [
    "-c",
    String(options.cpu),
    "wrk",
    "-t1",
    `-c${options.connections}`,
    `-d${options.durationSeconds}s`,
    "--latency",
    options.url,
  ]);
  return parseWrk(stdout);
}

const units: Record<string, number> = { us: 0.001, ms: 1, s: 1000, m: 60_000 };

export function parseWrk(output: string): WrkResult {
  const rps = /Requests\/sec:\s+([\d.]+)/.exec(output);
  const p99 = /^\s+99%\s+([\d.]+)(us|ms|s|m)\s*$/m.exec(output);
  if (rps === null || p99 === null) {
    throw new Error(`could not read wrk output:\n${output}`);
  }

  const non2xx = /Non-2xx or 3xx responses:\s+(\d+)/.exec(output);
  const socket = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(
    output,
  );
  const socketErrors = socket === null ? 0 : socket.slice(1).reduce((a, b) => a + Number(b), 0);

  return {
    requestsPerSecond: Number(rps[1]),
    p99Ms: Number(p99[1]) * (units[p99[2] as string] as number),
    failures: Number(non2xx?.[1] ?? 0) + socketErrors,
  };
}
