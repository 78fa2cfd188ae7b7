import { setTimeout as sleep } from "node:timers/promises";
import { findPrometheus, LocalPrometheus } from "../prometheus/index.ts";
import type { AnalysisRun } from "./analysis-run.ts";
import { collectSeries, type RevisionSeries } from "./collect-series.ts";
import type { EventWithoutTime, RehearsalEvent, Verdict } from "./events.ts";
import { LoadGenerator } from "./load-generator.ts";
import type { RolloutPlan } from "./model.ts";
import { readRollout } from "./read-rollout.ts";
import { overlayFolder, renderOverlay } from "./render-overlay.ts";
import { type Revision, revisionTemplate, scrapeTarget, startRevision } from "./revision.ts";
import { WeightedRoute } from "./router.ts";
import { runBlueGreen } from "./run-blue-green.ts";
import { runCanary } from "./run-canary.ts";
import { newRevisionEnv, type ScenarioName } from "./scenarios.ts";
import { strategyContext } from "./strategy-runtime.ts";
import { Supervisor } from "./supervisor.ts";

export interface RehearseOptions {
  /** An overlay name (staging, production) or a path to a kustomization folder. */
  overlay: string;
  repoRoot: string;
  scenario: ScenarioName;
  /** `KEY=VALUE` pairs for the new revision's environment. */
  set: readonly string[];
  timeScale: number;
  promotePauses: boolean;
  /** Requests per second on each route that users or tests would call. */
  rate: number;
  scrapeIntervalMs: number;
  scaleQueryWindows: boolean;
  stableVersion: string;
  /** Wall-clock cap on the whole rehearsal. */
  timeoutMs: number;
  env: NodeJS.ProcessEnv;
  /** Cancels the rehearsal (Ctrl-C); everything is still cleaned up. */
  signal?: AbortSignal;
  /** Sees every event as it happens, with the running Prometheus (tests kill it). */
  onEvent?: (event: RehearsalEvent, handles: { prometheus: LocalPrometheus | undefined }) => void;
}

export interface RehearsalResult {
  plan: RolloutPlan;
  verdict: Verdict;
  events: RehearsalEvent[];
  revisions: {
    role: "stable" | "new";
    hash: string;
    version: string;
    pod: string;
    env: Record<string, string>;
  }[];
  series: RevisionSeries[];
  startedAt: Date;
  durationMs: number;
  load: { sent: number; answered: number; failed: number };
}

const jobName = "demo-app";

/**
 * Rehearses the Rollout of an overlay on this machine: renders it, starts the stable and the
 * new revision of the demo app, a weighted router, a fixed-rate load and a real Prometheus,
 * runs the strategy with its analyses, and stops everything it started on every way out.
 * Configuration problems throw UsageError before anything starts.
 */
export async function rehearse(options: RehearseOptions): Promise<RehearsalResult> {
  const folder = overlayFolder(options.overlay, options.repoRoot);
  const plan = readRollout(await renderOverlay(folder, options.repoRoot));
  const newEnv = newRevisionEnv(options.scenario, options.set);
  // Fail before starting anything when Prometheus is missing.
  await findPrometheus(options.env);
  const releaseVersion =
    plan.template.labels["app.kubernetes.io/version"] ?? plan.template.env.VERSION ?? "next";
  const stableTemplate = revisionTemplate(plan.template, "stable", options.stableVersion, {});
  const newTemplate = revisionTemplate(plan.template, "new", releaseVersion, newEnv);

  const startedAt = new Date();
  const events: RehearsalEvent[] = [];
  const cancel = new AbortController();
  const runs: AnalysisRun[] = [];
  let prometheus: LocalPrometheus | undefined;
  const emit = (event: EventWithoutTime): void => {
    const full = { ...event, at: Date.now() - startedAt.getTime() } as RehearsalEvent;
    events.push(full);
    options.onEvent?.(full, { prometheus });
  };
  const fail = (reason: string) => {
    if (!cancel.signal.aborted) {
      cancel.abort(new Error(reason));
    }
  };
  options.signal?.addEventListener("abort", () => fail("cancelled"), { once: true });

  const supervisor = new Supervisor((child, code, signal) => {
    emit({ type: "child-exit", name: child.name, code, signal, output: child.recentOutput() });
    fail(`${child.name} exited unexpectedly (${signal ?? `code ${code}`})`);
  });
  const main = new WeightedRoute("main");
  const preview = new WeightedRoute("preview");
  const loads: LoadGenerator[] = [];
  let revisions: Revision[] = [];
  let series: RevisionSeries[] = [];
  let verdict: Verdict;

  try {
    revisions = await Promise.all([
      startRevision(supervisor, stableTemplate, plan.name, options.repoRoot),
      startRevision(supervisor, newTemplate, plan.name, options.repoRoot),
    ]);
    const [stable, fresh] = revisions as [Revision, Revision];
    emit({
      type: "setup",
      message: `stable revision ${stable.hash} (version ${stable.version}) on ${stable.url}`,
      ...pidOf(stable),
    });
    emit({
      type: "setup",
      message:
        `new revision ${fresh.hash} ` +
        `(version ${fresh.version}${describeEnv(newEnv)}) on ${fresh.url}`,
      ...pidOf(fresh),
    });

    prometheus = await LocalPrometheus.start({
      scrapeInterval: `${options.scrapeIntervalMs}ms`,
      jobs: [jobName],
      initialTargets: {
        [jobName]: revisions.map((revision) => scrapeTarget(revision, plan.namespace)),
      },
      env: options.env,
    });
    const running = prometheus;
    emit({
      type: "setup",
      message: `prometheus ${running.url}, scraping every ${options.scrapeIntervalMs}ms`,
      ...(running.pid === undefined ? {} : { pid: running.pid }),
      folder: running.folder,
    });
    void running.whenExited().then(() => {
      if (!cancel.signal.aborted) {
        emit({ type: "note", message: "prometheus exited: measurements will error" });
      }
    });
    for (const note of plan.notes) {
      emit({ type: "note", message: note });
    }
    if (options.timeScale !== 1 && !options.scaleQueryWindows) {
      emit({
        type: "note",
        message:
          `query windows stay as written while time runs ${options.timeScale}x faster: a window ` +
          "covers more of the rollout than in a cluster, so a short spike weighs less " +
          "(--scale-query-windows shortens them, with fewer samples each)",
      });
    }

    await main.listen();
    await preview.listen();
    main.setBackends([{ url: stable.url, weight: 100 }]);
    loads.push(new LoadGenerator(`${main.url}/`, options.rate));
    if (plan.strategy.kind === "blueGreen" && plan.strategy.previewService) {
      loads.push(new LoadGenerator(`${preview.url}/`, options.rate));
    }
    for (const load of loads) {
      load.start();
    }
    emit({ type: "setup", message: `router ${main.url}, ${options.rate} requests/s per route` });
    await waitForScrapes(running, revisions, options.scrapeIntervalMs, cancel.signal);

    const { context, faultOnsetAt } = strategyContext({
      plan,
      settings: options,
      stable,
      fresh,
      main,
      preview,
      prometheus: running,
      emit,
      cancel: cancel.signal,
      runs,
      startedAt,
    });

    const strategyDone =
      plan.strategy.kind === "canary"
        ? runCanary(plan.strategy, context)
        : runBlueGreen(plan.strategy, context);
    const cancelled = new Promise<Verdict>((resolve) => {
      const onCancel = () =>
        resolve({
          outcome: "failed",
          where: "during the rollout",
          reason: String((cancel.signal.reason as Error)?.message ?? cancel.signal.reason),
        });
      if (cancel.signal.aborted) {
        onCancel();
      }
      cancel.signal.addEventListener("abort", onCancel, { once: true });
    });
    const timedOut = sleep(options.timeoutMs, undefined, {
      signal: cancel.signal,
      ref: false,
    }).then(
      (): Verdict => ({
        outcome: "failed",
        where: "during the rollout",
        reason: `no verdict within ${options.timeoutMs / 1000}s`,
      }),
      () => new Promise<Verdict>(() => undefined),
    );
    verdict = await Promise.race([strategyDone, cancelled, timedOut]);
    const onset = faultOnsetAt();
    verdict = { ...verdict, ...(onset === undefined ? {} : { faultOnsetAt: onset }) };
    emit({ type: "verdict", verdict });

    // A few more scrapes so the charts show where the traffic went after the verdict.
    if (!cancel.signal.aborted) {
      await sleep(2 * options.scrapeIntervalMs);
      series = await collectSeries(
        running,
        revisions,
        startedAt,
        new Date(),
        options.scrapeIntervalMs,
      ).catch(() => []);
    }
  } catch (error) {
    if (!cancel.signal.aborted) {
      throw error;
    }
    verdict = {
      outcome: "failed",
      where: "while starting",
      reason: String((cancel.signal.reason as Error)?.message ?? error),
    };
    emit({ type: "verdict", verdict });
  } finally {
    for (const run of runs) {
      run.terminate();
    }
    cancel.abort(new Error("finished"));
    await Promise.all(loads.map((load) => load.stop()));
    await Promise.all([main.close(), preview.close()]);
    await supervisor.stopAll();
    await prometheus?.stop();
  }

  const load = loads.reduce(
    (total, generator) => ({
      sent: total.sent + generator.counts.sent,
      answered: total.answered + generator.counts.answered,
      failed: total.failed + generator.counts.failed,
    }),
    { sent: 0, answered: 0, failed: 0 },
  );
  return {
    plan,
    verdict,
    events,
    revisions: revisions.map(({ role, hash, version, pod, env }) => ({
      role,
      hash,
      version,
      pod,
      env,
    })),
    series,
    startedAt,
    durationMs: Date.now() - startedAt.getTime(),
    load,
  };
}

/** Waits until Prometheus has scraped every revision, so the first measurement has data. */
async function waitForScrapes(
  prometheus: LocalPrometheus,
  revisions: readonly Revision[],
  scrapeIntervalMs: number,
  signal: AbortSignal,
): Promise<void> {
  const deadline = Date.now() + Math.max(20_000, 10 * scrapeIntervalMs);
  while (Date.now() < deadline && !signal.aborted) {
    const answer = await prometheus.query(`up{job="${jobName}"} == 1`).catch(() => undefined);
    if (Array.isArray(answer?.result) && answer.result.length >= revisions.length) {
      return;
    }
    await sleep(Math.min(200, scrapeIntervalMs));
  }
  if (!signal.aborted) {
    throw new Error("prometheus did not scrape the demo app processes in time");
  }
}

function pidOf(revision: Revision): { pid?: number } {
  const pid = revision.child.process.pid;
  return pid === undefined ? {} : { pid };
}

function describeEnv(env: Record<string, string>): string {
  const entries = Object.entries(env);
  return entries.length === 0
    ? ""
    : `, ${entries.map(([key, value]) => `${key}=${value}`).join(" ")}`;
}
