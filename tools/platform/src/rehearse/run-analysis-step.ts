import type { AnalysisRun } from "./analysis-run.ts";
import type { AnalysisSpec } from "./model.ts";
import type { StepResult, StrategyContext } from "./strategy-context.ts";

/**
 * An analysis that gates progress (a canary analysis step, blue-green pre- or post-promotion):
 * it waits for the run to end. Failed or Error aborts; Inconclusive pauses the rollout, as
 * upstream does, unless pauses are promoted.
 */
export async function analysisStep(
  context: StrategyContext,
  name: string,
  spec: AnalysisSpec,
  runs: AnalysisRun[],
  signal: AbortSignal,
): Promise<StepResult> {
  const run = context.startAnalysis(name, spec);
  runs.push(run);
  signal.addEventListener("abort", () => run.terminate(), { once: true });

  const outcome = await run.outcome;
  if (outcome.phase === "Failed" || outcome.phase === "Error") {
    return { kind: "abort", reason: await context.describeRun(run), run };
  }
  if (outcome.phase === "Inconclusive") {
    if (!context.promotePauses) {
      return { kind: "paused", reason: await context.describeRun(run) };
    }
    context.emit({ type: "note", message: `${name}: inconclusive, resumed (--promote-pauses)` });
  }
  return { kind: "continue" };
}
