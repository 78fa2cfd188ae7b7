import type { AnalysisRun } from "./analysis-run.ts";
import type { EventWithoutTime } from "./events.ts";
import type { AnalysisSpec } from "./model.ts";

/** What a strategy may do to the running rehearsal. */
export interface StrategyContext {
  promotePauses: boolean;
  emit(event: EventWithoutTime): void;
  /** Sleeps a duration as written (it is scaled here); rejects when the rehearsal is cancelled. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
  /** Canary: percent of the route's traffic to the new revision. */
  setCanaryWeight(weight: number): void;
  /** Blue-green: which revision the active and the preview Services select. */
  setActive(role: "stable" | "new"): void;
  setPreview(role: "stable" | "new" | undefined): void;
  startAnalysis(name: string, spec: AnalysisSpec): AnalysisRun;
  describeRun(run: AnalysisRun): Promise<string>;
}

/** What a step or phase of a strategy ended with. */
export type StepResult =
  | { kind: "continue" }
  | { kind: "abort"; reason: string; run?: AnalysisRun }
  | { kind: "paused"; reason: string };

/** Sleeps until aborted, for pauses that wait forever and races that should never win. */
export function never(signal: AbortSignal): Promise<never> {
  return new Promise((_, reject) => {
    signal.addEventListener("abort", () => reject(signal.reason), { once: true });
  });
}
