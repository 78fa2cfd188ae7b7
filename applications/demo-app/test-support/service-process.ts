import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { request } from "node:http";
import { createServer } from "node:net";
import { fileURLToPath } from "node:url";

/** The service's entry, for running it as a real process. */
export const mainScript = fileURLToPath(new URL("../src/main.ts", import.meta.url));

export interface ExitStatus {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface ServiceProcess {
  readonly child: ChildProcess;
  readonly port: number;
  readonly url: string;
  /** Every JSON log line so far, parsed. */
  readonly logs: Record<string, unknown>[];
  readonly stderr: () => string;
  readonly exited: Promise<ExitStatus>;
  /** Sends a signal and waits for the exit. */
  stop(signal?: NodeJS.Signals): Promise<ExitStatus>;
}

export interface SpawnOptions {
  env?: Record<string, string>;
  script?: string;
  /** Pin the process to this CPU with taskset. */
  cpu?: number;
  /** For scripts that do not log `ready`: the port they listen on, polled until / answers. */
  port?: number;
}

/**
 * Starts a script (the service by default) with the Node that runs this code, on loopback, and
 * resolves once it logs `ready` with its port (or once `port` answers, for scripts that do not
 * log). Rejects with its stderr if it exits first.
 */
export async function spawnProcess(options: SpawnOptions = {}): Promise<ServiceProcess> {
  const script = options.script ?? mainScript;
  const env = { PORT: "0", HOST: "127.0.0.1", PATH: process.env.PATH ?? "", ...options.env };
  const command = options.cpu === undefined ? process.execPath : "taskset";
  const args =
    options.cpu === undefined ? [script] : ["-c", String(options.cpu), process.execPath, script];
  const child = spawn(command, args, { env, stdio: ["ignore", "pipe", "pipe"] });

  const logs: Record<string, unknown>[] = [];
  let stderr = "";
  child.stderr?.setEncoding("utf8").on("data", (chunk: string) => {
    stderr += chunk;
  });
  const exited = once(child, "exit").then(([code, signal]) => ({
    code: code as number | null,
    signal: signal as NodeJS.Signals | null,
  }));

  const listening = new Promise<number>((resolve, reject) => {
    let pending = "";
    child.stdout?.setEncoding("utf8").on("data", (chunk: string) => {
      pending += chunk;
      const lines = pending.split("\n");
      pending = lines.pop() ?? "";
      for (const line of lines) {
        const entry = parseLine(line);
        logs.push(entry);
        if (entry.msg === "ready" && typeof entry.port === "number") {
          resolve(entry.port);
        }
      }
    });
    const polling = new AbortController();
    if (options.port !== undefined) {
      const port = options.port;
      waitForAnswer(port, "/", polling.signal).then(() => resolve(port), reject);
    }
    exited.then((status) => {
      polling.abort();
      reject(new Error(`process exited (${status.code ?? status.signal}) before ready: ${stderr}`));
    });
  });

  const port = await listening;
  return {
    child,
    port,
    url: `http://127.0.0.1:${port}`,
    logs,
    stderr: () => stderr,
    exited,
    stop: async (signal = "SIGTERM") => {
      child.kill(signal);
      return exited;
    },
  };
}

function parseLine(line: string): Record<string, unknown> {
  try {
    return JSON.parse(line) as Record<string, unknown>;
  } catch {
    return { msg: line };
  }
}

/** A port free at the time of asking, for processes that cannot report theirs. */
export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const address = server.address();
  server.close();
  if (address === null || typeof address === "string") {
    throw new Error("could not find a free port");
  }
  return address.port;
}

/** Status code of one GET on loopback, on a fresh connection; rejects on a connection error. */
export function getStatus(port: number, path: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({ host: "127.0.0.1", port, path, agent: false }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on("error", reject);
    req.end();
  });
}

/** Polls until `path` answers 200, every `intervalMs`, or until `signal` aborts. */
export async function waitForAnswer(
  port: number,
  path: string,
  signal?: AbortSignal,
  intervalMs = 2,
): Promise<void> {
  while (signal?.aborted !== true) {
    const status = await getStatus(port, path).catch(() => 0);
    if (status === 200) {
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
