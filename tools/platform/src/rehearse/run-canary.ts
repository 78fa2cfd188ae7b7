import type { AnalysisRun } from "./analysis-run.ts";
import { formatMs } from "./durations.ts";
import type { Verdict } from "./events.ts";
import type { CanaryStep, CanaryStrategy } from "./model.ts";
import { analysisStep } from "./run-analysis-step.ts";
import type { StepResult, StrategyContext } from "./strategy-context.ts";

/**
 * Runs a canary the way the Argo Rollouts controller does: steps in order, a background
 * analysis from `startingStep` that can abort the rollout at any moment, and on abort every
 * request back to the stable revision. After the last step the new revision takes all traffic.
 */
export async function runCanary(
  strategy: CanaryStrategy,
  context: StrategyContext,
): Promise<Verdict> {
  const runs: AnalysisRun[] = [];
  let background: Promise<StepResult> | undefined;
  let weight = 0;
  context.setCanaryWeight(0);

  const finish = (verdict: Verdict): Verdict => {
    for (const run of runs) {
      run.terminate();
    }
    return verdict;
  };

  for (let index = 0; index <= strategy.steps.length; index++) {
    if (
      strategy.background &&
      index === strategy.background.startingStep &&
      background === undefined
    ) {
      const run = context.startAnalysis("background", strategy.background);
      runs.push(run);
      background = backgroundResult(run, context);
    }
    const step = strategy.steps[index];
    if (step === undefined) {
      break;
    }
    context.emit({
      type: "step",
      index,
      description: `${index + 1}/${strategy.steps.length} ${describeStep(step)}`,
    });

    const controller = new AbortController();
    const stepDone = runStep(step, context, controller.signal, runs, (next) => {
      weight = next;
    });
    const result = await Promise.race(background ? [stepDone, background] : [stepDone]);
    controller.abort();

    if (result.kind === "abort") {
      context.setCanaryWeight(0);
      return finish({
        outcome: "aborted",
        where: `step ${index + 1}`,
        reason: result.reason,
        ...(await decisive(result.run)),
      });
    }
    if (result.kind === "paused") {
      return finish({ outcome: "paused", where: `step ${index + 1}`, reason: result.reason });
    }
  }

  if (weight < 100) {
    context.setCanaryWeight(100);
  }
  return finish({
    outcome: "promoted",
    where: "after the last step",
    reason: "every step completed; the new revision is stable",
  });
}

async function runStep(
  step: CanaryStep,
  context: StrategyContext,
  signal: AbortSignal,
  runs: AnalysisRun[],
  setWeight: (weight: number) => void,
): Promise<StepResult> {
  switch (step.kind) {
    case "setWeight":
      context.setCanaryWeight(step.weight);
      setWeight(step.weight);
      return { kind: "continue" };
    case "pause":
      if (step.durationMs === undefined) {
        if (!context.promotePauses) {
          context.emit({
            type: "pause",
            index: step.index,
            durationMs: undefined,
            message: "pause without a duration waits for a human",
          });
          return {
            kind: "paused",
            reason: "pause without a duration waits for a human (--promote-pauses resumes it)",
          };
        }
        context.emit({
          type: "pause",
          index: step.index,
          durationMs: undefined,
          message: "pause without a duration: resumed (--promote-pauses)",
        });
        return { kind: "continue" };
      }
      context.emit({
        type: "pause",
        index: step.index,
        durationMs: step.durationMs,
        message: `pause ${formatMs(step.durationMs)}`,
      });
      await context.sleep(step.durationMs, signal).catch((error: unknown) => {
        // Ended by the background analysis: the race has already moved on.
        if (!signal.aborted) {
          throw error;
        }
      });
      return { kind: "continue" };
    case "setCanaryScale":
      context.emit({
        type: "note",
        message:
          `setCanaryScale ${step.scale} sizes the canary only: ` +
          "the router keeps the weights, and one process serves each revision here",
      });
      return { kind: "continue" };
    case "analysis":
      return analysisStep(context, `step ${step.index + 1}`, step.analysis, runs, signal);
  }
}

/** A background run only matters when it ends badly; success lets the steps go on. */
function backgroundResult(run: AnalysisRun, context: StrategyContext): Promise<StepResult> {
  return run.outcome.then(async (outcome) => {
    if (outcome.phase === "Failed" || outcome.phase === "Error") {
      return { kind: "abort", reason: await context.describeRun(run), run };
    }
    if (outcome.phase === "Inconclusive" && !context.promotePauses) {
      return { kind: "paused", reason: await context.describeRun(run) };
    }
    return new Promise<StepResult>(() => undefined);
  });
}

async function decisive(run: AnalysisRun | undefined): Promise<Pick<Verdict, "decisive">> {
  const outcome = run ? await run.outcome : undefined;
  return outcome?.decisive ? { decisive: outcome.decisive } : {};
}

export function describeStep(step: CanaryStep): string {
  switch (step.kind) {
    case "setWeight":
      return `setWeight ${step.weight}`;
    case "pause":
      return step.durationMs === undefined
        ? "pause (no duration)"
        : `pause ${formatMs(step.durationMs)}`;
    case "setCanaryScale":
      return `setCanaryScale ${step.scale}`;
    case "analysis":
      return `analysis ${step.analysis.templates.join(", ")}`;
  }
}
