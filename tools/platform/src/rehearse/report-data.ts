import type { MeasurementEvent } from "./analysis-run.ts";
import type { RevisionSeries } from "./collect-series.ts";
import type { RehearsalEvent, Verdict } from "./events.ts";
import type { RehearsalResult } from "./rehearse.ts";
import { describeStep } from "./run-canary.ts";

/** Everything the report shows; written as JSON beside the HTML page. */
export interface ReportData {
  title: string;
  overlay: string;
  rollout: { name: string; namespace: string; strategy: "canary" | "blueGreen"; steps: string[] };
  scenario: string;
  newRevisionEnv: Record<string, string>;
  timeScale: number;
  scrapeIntervalMs: number;
  startedAt: string;
  durationMs: number;
  verdict: Verdict;
  revisions: RehearsalResult["revisions"];
  /** [ms since the start, percent of traffic to the new revision] */
  weights: [number, number][];
  /** Blue-green: [ms since the start, 100 while the preview Service selects the new revision] */
  previewWeights: [number, number][];
  measurements: (MeasurementEvent & { at: number })[];
  series: RevisionSeries[];
  load: RehearsalResult["load"];
  notes: string[];
  events: RehearsalEvent[];
}

export interface ReportSettings {
  overlay: string;
  scenario: string;
  timeScale: number;
  scrapeIntervalMs: number;
}

export function reportData(result: RehearsalResult, settings: ReportSettings): ReportData {
  const strategy = result.plan.strategy;
  const steps =
    strategy.kind === "canary"
      ? strategy.steps.map(describeStep)
      : [
          ...(strategy.prePromotionAnalysis ? ["prePromotionAnalysis"] : []),
          "promote",
          ...(strategy.postPromotionAnalysis ? ["postPromotionAnalysis"] : []),
        ];
  const weights: [number, number][] = [[0, 0]];
  const previewWeights: [number, number][] = [[0, 0]];
  const measurements: ReportData["measurements"] = [];
  const notes: string[] = [];
  for (const event of result.events) {
    if (event.type === "traffic") {
      weights.push([event.at, event.newWeight]);
      previewWeights.push([event.at, event.previewToNew ? 100 : 0]);
    } else if (event.type === "measurement") {
      const { type: _type, ...measurement } = event;
      measurements.push(measurement);
    } else if (event.type === "note") {
      notes.push(event.message);
    }
  }
  weights.push([result.durationMs, weights.at(-1)?.[1] ?? 0]);
  previewWeights.push([result.durationMs, previewWeights.at(-1)?.[1] ?? 0]);
  const fresh = result.revisions.find((revision) => revision.role === "new");

  return {
    title: `${result.plan.name} ${settings.overlay}: ${result.verdict.outcome}`,
    overlay: settings.overlay,
    rollout: {
      name: result.plan.name,
      namespace: result.plan.namespace,
      strategy: strategy.kind,
      steps,
    },
    scenario: settings.scenario,
    newRevisionEnv: fresh ? diffEnv(result.plan.template.env, fresh.env) : {},
    timeScale: settings.timeScale,
    scrapeIntervalMs: settings.scrapeIntervalMs,
    startedAt: result.startedAt.toISOString(),
    durationMs: result.durationMs,
    verdict: result.verdict,
    revisions: result.revisions,
    weights,
    previewWeights: strategy.kind === "blueGreen" ? previewWeights : [],
    measurements,
    series: result.series,
    load: result.load,
    notes,
    events: result.events,
  };
}

function diffEnv(
  base: Record<string, string>,
  env: Record<string, string>,
): Record<string, string> {
  return Object.fromEntries(
    Object.entries(env).filter(([key, value]) => base[key] !== value && key !== "VERSION"),
  );
}
