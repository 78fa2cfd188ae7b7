import { type ChildProcess, spawn } from "node:child_process";
import { rmSync } from "node:fs";
import { mkdtemp, rename, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { terminate } from "../process/terminate.ts";
import { findPrometheus } from "./find-binary.ts";
import { freePort } from "./free-port.ts";
import { prometheusConfig, type ScrapeTarget, targetsFileContent } from "./scrape-config.ts";

export interface LocalPrometheusOptions {
  /** Scrape and evaluation interval, e.g. "1s". */
  scrapeInterval: string;
  /** Job names; each gets a targets file that `setTargets` rewrites. */
  jobs: readonly string[];
  /**
   * Targets known before the start. Prometheus applies later target changes at most every
   * five seconds (its discovery manager throttles updates), so known targets belong here.
   */
  initialTargets?: Record<string, readonly ScrapeTarget[]>;
  env?: NodeJS.ProcessEnv;
  /** How long to wait for /-/ready. */
  readyTimeoutMs?: number;
  /** Recording and alerting rule files to load, by absolute path. */
  ruleFiles?: readonly string[];
}

export type QueryAnswer = { resultType: string; result: unknown };

/** Prometheus answered with an error, could not be reached, or did not answer in time. */
export class PrometheusQueryError extends Error {
  override name = "PrometheusQueryError";
}

/** A failure to start: missing binary, bad config, or not ready in time. */
export class PrometheusStartError extends Error {
  override name = "PrometheusStartError";
}

/**
 * A real Prometheus on loopback, with a generated configuration and a temporary data folder.
 * `stop()` ends the process and removes the folder; call it on every path out.
 */
export class LocalPrometheus {
  readonly url: string;
  readonly pid: number | undefined;
  private readonly child: ChildProcess;
  /** The temporary folder holding the configuration, targets and data. */
  readonly folder: string;
  private readonly jobs: readonly string[];
  private readonly output: string[];
  private exited: Promise<void>;
  private stopped = false;
  /** Last resort when the program ends without stop(): an uncaught error, process.exit. */
  private readonly exitHook = () => {
    this.child.kill("SIGKILL");
    rmSync(this.folder, { recursive: true, force: true });
  };

  private constructor(
    child: ChildProcess,
    url: string,
    folder: string,
    jobs: readonly string[],
    output: string[],
  ) {
    this.child = child;
    this.pid = child.pid;
    this.url = url;
    this.folder = folder;
    this.jobs = jobs;
    this.output = output;
    process.once("exit", this.exitHook);
    this.exited = new Promise((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) {
        resolve();
      }
      child.once("exit", () => resolve());
    });
  }

  /** Starts Prometheus and waits until it answers /-/ready. */
  static async start(options: LocalPrometheusOptions): Promise<LocalPrometheus> {
    const binary = await findPrometheus(options.env ?? process.env);
    const folder = await mkdtemp(join(tmpdir(), "platform-prometheus-"));
    try {
      for (const job of options.jobs) {
        const targets = options.initialTargets?.[job] ?? [];
        await writeFile(targetsPath(folder, job), targetsFileContent(targets));
      }
      const config = prometheusConfig({
        scrapeInterval: options.scrapeInterval,
        jobs: options.jobs.map((job) => ({ jobName: job, targetsFile: targetsPath(folder, job) })),
        ruleFiles: options.ruleFiles ?? [],
      });
      await writeFile(join(folder, "prometheus.yml"), config);

      // The port is free when chosen but may be taken before Prometheus binds it: try again.
      let lastError: unknown;
      for (let attempt = 0; attempt < 3; attempt++) {
        try {
          return await LocalPrometheus.launch(binary, folder, options);
        } catch (error) {
          lastError = error;
          if (
            !(error instanceof PrometheusStartError && /address already in use/.test(error.message))
          ) {
            break;
          }
        }
      }
      throw lastError;
    } catch (error) {
      await rm(folder, { recursive: true, force: true });
      throw error;
    }
  }

  private static async launch(
    binary: string,
    folder: string,
    options: LocalPrometheusOptions,
  ): Promise<LocalPrometheus> {
    const port = await freePort();
    const child = spawn(
      binary,
      [
        `--config.file=${join(folder, "prometheus.yml")}`,
        `--storage.tsdb.path=${join(folder, "data")}`,
        `--web.listen-address=127.0.0.1:${port}`,
        "--storage.tsdb.retention.time=1d",
        "--log.level=warn",
      ],
      { stdio: ["ignore", "ignore", "pipe"] },
    );
    const output: string[] = [];
    child.stderr?.setEncoding("utf8").on("data", (chunk: string) => {
      output.push(chunk);
      if (output.length > 50) {
        output.shift();
      }
    });
    const prometheus = new LocalPrometheus(
      child,
      `http://127.0.0.1:${port}`,
      folder,
      options.jobs,
      output,
    );
    try {
      await prometheus.waitReady(options.readyTimeoutMs ?? 30_000);
    } catch (error) {
      await prometheus.kill();
      process.removeListener("exit", prometheus.exitHook);
      throw error;
    }
    return prometheus;
  }

  /** True while the process runs. */
  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Resolves when the process has exited, for whatever reason. */
  whenExited(): Promise<void> {
    return this.exited;
  }

  /** Replaces the targets of a job; Prometheus picks the file up within a scrape interval. */
  async setTargets(job: string, targets: readonly ScrapeTarget[]): Promise<void> {
    if (!this.jobs.includes(job)) {
      throw new Error(`unknown scrape job ${job}; known: ${this.jobs.join(", ")}`);
    }
    // Written beside and renamed, so Prometheus never reads half a file.
    const path = targetsPath(this.folder, job);
    await writeFile(`${path}.tmp`, targetsFileContent(targets));
    await rename(`${path}.tmp`, path);
  }

  /** An instant query; the answer's `data`, or PrometheusQueryError. */
  async query(
    expr: string,
    options: { time?: Date; timeoutMs?: number } = {},
  ): Promise<QueryAnswer> {
    const params = new URLSearchParams({ query: expr });
    if (options.time) {
      params.set("time", String(options.time.getTime() / 1000));
    }
    return this.api(`/api/v1/query?${params}`, options.timeoutMs);
  }

  /** A range query over [start, end] at the given step in seconds. */
  async queryRange(
    expr: string,
    start: Date,
    end: Date,
    stepSeconds: number,
  ): Promise<QueryAnswer> {
    const params = new URLSearchParams({
      query: expr,
      start: String(start.getTime() / 1000),
      end: String(end.getTime() / 1000),
      step: String(stepSeconds),
    });
    return this.api(`/api/v1/query_range?${params}`);
  }

  /** Stops Prometheus (TERM, then KILL after a grace period) and removes its folder. */
  async stop(): Promise<void> {
    if (this.stopped) {
      return;
    }
    this.stopped = true;
    await this.kill();
    await rm(this.folder, { recursive: true, force: true });
    process.removeListener("exit", this.exitHook);
  }

  /** Kills the process without removing the folder: what a crash looks like to a client. */
  async kill(signal: NodeJS.Signals = "SIGTERM"): Promise<void> {
    await terminate(this.child, this.exited, 5_000, signal);
  }

  /** The last lines Prometheus logged, for error messages. */
  recentOutput(): string {
    return this.output.join("").trim().split("\n").slice(-5).join("\n");
  }

  private async waitReady(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (!this.running) {
        throw new PrometheusStartError(`prometheus exited while starting: ${this.recentOutput()}`);
      }
      try {
        const response = await fetch(`${this.url}/-/ready`, { signal: AbortSignal.timeout(1_000) });
        if (response.ok) {
          return;
        }
      } catch {
        // Not listening yet.
      }
      await sleep(100);
    }
    throw new PrometheusStartError(
      `prometheus was not ready after ${timeoutMs} ms: ${this.recentOutput()}`,
    );
  }

  private async api(path: string, timeoutMs = 10_000): Promise<QueryAnswer> {
    let body: { status?: string; data?: QueryAnswer; error?: string };
    try {
      const response = await fetch(`${this.url}${path}`, {
        signal: AbortSignal.timeout(timeoutMs),
      });
      body = (await response.json()) as typeof body;
    } catch (error) {
      throw new PrometheusQueryError(
        `could not query prometheus at ${this.url}: ${describe(error)}`,
      );
    }
    if (body.status !== "success" || body.data === undefined) {
      throw new PrometheusQueryError(`prometheus rejected the query: ${body.error ?? "no data"}`);
    }
    return body.data;
  }
}

function targetsPath(folder: string, job: string): string {
  return join(folder, `targets-${job.replace(/[^a-zA-Z0-9_-]/g, "_")}.json`);
}

function describe(error: unknown): string {
  if (error instanceof Error) {
    const cause = (error as Error & { cause?: { code?: string } }).cause;
    return cause?.code ?? error.message;
  }
  return String(error);
}
