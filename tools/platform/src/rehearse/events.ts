import type { MeasurementEvent, RunOutcome } from "./analysis-run.ts";

/** Everything that happens during a rehearsal, in order; `at` is ms since the start. */
export type RehearsalEvent = {
  at: number;
} /** A process or listener came up; `pid` for the processes the rehearsal started. */ & (
  | { type: "setup"; message: string; pid?: number; folder?: string }
  | { type: "note"; message: string }
  | { type: "step"; index: number; description: string }
  /** Percent of the main route's traffic that goes to the new revision. */
  | { type: "traffic"; newWeight: number; previewToNew: boolean }
  | { type: "pause"; index: number | undefined; durationMs: number | undefined; message: string }
  | { type: "analysis-start"; run: string; templates: string[]; args: Record<string, string> }
  | ({ type: "measurement" } & MeasurementEvent)
  | { type: "analysis-end"; run: string; phase: RunOutcome["phase"]; message: string }
  | { type: "child-exit"; name: string; code: number | null; signal: string | null; output: string }
  | { type: "verdict"; verdict: Verdict }
);

/** An event before it is stamped with its time. */
export type EventWithoutTime = RehearsalEvent extends infer E
  ? E extends unknown
    ? Omit<E, "at">
    : never
  : never;

export type Outcome = "promoted" | "aborted" | "paused" | "failed";

/** How the rehearsal ended, and why. */
export interface Verdict {
  outcome: Outcome;
  /** The step (canary) or phase (blue-green) it ended at. */
  where: string;
  reason: string;
  /** The measurement that decided an abort. */
  decisive?: MeasurementEvent;
  /** When the new revision started receiving traffic, ms since the start. */
  faultOnsetAt?: number;
}

/** The program's exit code for a verdict: 0 promoted, 3 aborted, 1 paused or failed. */
export function exitCodeOf(outcome: Outcome): number {
  return outcome === "promoted" ? 0 : outcome === "aborted" ? 3 : 1;
}
