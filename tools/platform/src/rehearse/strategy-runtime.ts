import { setTimeout as sleep } from "node:timers/promises";
import type { LocalPrometheus } from "../prometheus/index.ts";
import { AnalysisRun, resolveArgs } from "./analysis-run.ts";
import { scaleQueryWindows } from "./durations.ts";
import type { EventWithoutTime } from "./events.ts";
import type { RolloutPlan } from "./model.ts";
import type { Revision } from "./revision.ts";
import type { WeightedRoute } from "./router.ts";
import type { StrategyContext } from "./strategy-context.ts";

/** The running parts a strategy drives. */
export interface RehearsalParts {
  plan: RolloutPlan;
  settings: {
    promotePauses: boolean;
    timeScale: number;
    scrapeIntervalMs: number;
    scaleQueryWindows: boolean;
  };
  stable: Revision;
  fresh: Revision;
  /** The route users reach: the HTTPRoute of a canary, the active Service of a blue-green. */
  main: WeightedRoute;
  preview: WeightedRoute;
  prometheus: LocalPrometheus;
  emit: (event: EventWithoutTime) => void;
  /** Aborted when the rehearsal is cancelled or a part died. */
  cancel: AbortSignal;
  /** Every analysis run started, so the caller can end them all. */
  runs: AnalysisRun[];
  startedAt: Date;
}

/**
 * What the strategies see of the running rehearsal: weights and Service selectors become
 * router backends, analyses become runs against the local Prometheus, and every change is an
 * event. `faultOnsetAt` is when the new revision first received traffic.
 */
export function strategyContext(parts: RehearsalParts): {
  context: StrategyContext;
  faultOnsetAt: () => number | undefined;
} {
  const { plan, stable, fresh, main, preview, prometheus, emit, cancel, runs, startedAt } = parts;
  const options = parts.settings;

  let weight = 0;
  let previewToNew = false;
  let activeNew = false;
  let faultOnsetAt: number | undefined;
  const traffic = () => {
    const newWeight = plan.strategy.kind === "canary" ? weight : activeNew ? 100 : 0;
    if (faultOnsetAt === undefined && (newWeight > 0 || previewToNew)) {
      faultOnsetAt = Date.now() - startedAt.getTime();
    }
    emit({ type: "traffic", newWeight, previewToNew });
  };

  const context: StrategyContext = {
    promotePauses: options.promotePauses,
    emit,
    sleep: (ms, signal) =>
      sleep(ms / options.timeScale, undefined, {
        signal: signal ? AbortSignal.any([signal, cancel]) : cancel,
      }),
    setCanaryWeight: (next) => {
      weight = next;
      main.setBackends([
        { url: stable.url, weight: 100 - next },
        { url: fresh.url, weight: next },
      ]);
      traffic();
    },
    setActive: (role) => {
      activeNew = role === "new";
      main.setBackends([{ url: (activeNew ? fresh : stable).url, weight: 100 }]);
      traffic();
    },
    setPreview: (role) => {
      previewToNew = role === "new";
      preview.setBackends(
        role ? [{ url: (role === "new" ? fresh : stable).url, weight: 100 }] : [],
      );
      traffic();
    },
    startAnalysis: (name, spec) => {
      const args = resolveArgs(spec, {
        stableHash: stable.hash,
        latestHash: fresh.hash,
        fields: {
          "metadata.name": plan.name,
          "metadata.namespace": plan.namespace,
          ...labelFields(plan),
        },
      });
      emit({ type: "analysis-start", run: name, templates: spec.templates, args });
      const floorMs = 4 * options.scrapeIntervalMs;
      const run = new AnalysisRun({
        name,
        spec,
        args,
        timeScale: options.timeScale,
        query: (expr, timeoutMs) => prometheus.query(expr, { timeoutMs }),
        ...(options.scaleQueryWindows
          ? {
              rewriteQuery: (query: string) => scaleQueryWindows(query, options.timeScale, floorMs),
            }
          : {}),
        onMeasurement: (measurement) => emit({ type: "measurement", ...measurement }),
      });
      runs.push(run);
      void run.outcome.then((outcome) =>
        emit({ type: "analysis-end", run: name, phase: outcome.phase, message: outcome.message }),
      );
      return run;
    },
    describeRun: async (run) => {
      const outcome = await run.outcome;
      const decisive = outcome.decisive;
      if (decisive === undefined) {
        return `${run.name} analysis ${outcome.phase}: ${outcome.message}`;
      }
      const value = decisive.value || decisive.message;
      return (
        `metric ${decisive.metric} measured ${value} ` +
        `against ${decisive.condition} (${outcome.message})`
      );
    },
  };

  return { context, faultOnsetAt: () => faultOnsetAt };
}

function labelFields(plan: RolloutPlan): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const [key, value] of Object.entries(plan.metadata.labels)) {
    fields[`metadata.labels['${key}']`] = value;
  }
  for (const [key, value] of Object.entries(plan.metadata.annotations)) {
    fields[`metadata.annotations['${key}']`] = value;
  }
  return fields;
}
