import type { AnalysisRun } from "./analysis-run.ts";
import type { Verdict } from "./events.ts";
import type { BlueGreenStrategy } from "./model.ts";
import { analysisStep } from "./run-analysis-step.ts";
import type { StrategyContext } from "./strategy-context.ts";

/**
 * Runs a blue-green rollout with Argo Rollouts semantics: the new revision behind the preview
 * Service, prePromotionAnalysis gating the switch, autoPromotionEnabled (default true) or a
 * pause for a human, then the active Service switched, and postPromotionAnalysis able to switch
 * it back while the old revision still runs (scaleDownDelaySeconds).
 */
export async function runBlueGreen(
  strategy: BlueGreenStrategy,
  context: StrategyContext,
): Promise<Verdict> {
  const runs: AnalysisRun[] = [];
  const controller = new AbortController();
  const finish = (verdict: Verdict): Verdict => {
    controller.abort();
    for (const run of runs) {
      run.terminate();
    }
    return verdict;
  };

  context.setActive("stable");
  context.setPreview(strategy.previewService ? "new" : undefined);

  if (strategy.prePromotionAnalysis) {
    context.emit({ type: "step", index: 0, description: "prePromotionAnalysis" });
    const result = await analysisStep(
      context,
      "pre-promotion",
      strategy.prePromotionAnalysis,
      runs,
      controller.signal,
    );
    if (result.kind === "abort") {
      context.setPreview(undefined);
      return finish({
        outcome: "aborted",
        where: "before promotion",
        reason: result.reason,
        ...(await decisive(result.run)),
      });
    }
    if (result.kind === "paused") {
      return finish({ outcome: "paused", where: "before promotion", reason: result.reason });
    }
  }

  if (!strategy.autoPromotionEnabled) {
    if (!context.promotePauses) {
      context.emit({
        type: "pause",
        index: undefined,
        durationMs: undefined,
        message: "autoPromotionEnabled is false: waits for a human",
      });
      return finish({
        outcome: "paused",
        where: "before promotion",
        reason:
          "autoPromotionEnabled is false: promotion waits for a human (--promote-pauses promotes)",
      });
    }
    context.emit({
      type: "note",
      message: "autoPromotionEnabled is false: promoted (--promote-pauses)",
    });
  } else if (strategy.autoPromotionSeconds !== undefined) {
    const ms = strategy.autoPromotionSeconds * 1000;
    context.emit({
      type: "pause",
      index: undefined,
      durationMs: ms,
      message: `autoPromotionSeconds ${strategy.autoPromotionSeconds}`,
    });
    await context.sleep(ms, controller.signal);
  }

  context.emit({
    type: "step",
    index: 1,
    description: "promote: active Service selects the new revision",
  });
  context.setActive("new");

  if (strategy.postPromotionAnalysis) {
    context.emit({ type: "step", index: 2, description: "postPromotionAnalysis" });
    const result = await analysisStep(
      context,
      "post-promotion",
      strategy.postPromotionAnalysis,
      runs,
      controller.signal,
    );
    if (result.kind === "abort") {
      // The old revision still runs during scaleDownDelaySeconds, so the switch back is instant.
      context.setActive("stable");
      context.setPreview(undefined);
      return finish({
        outcome: "aborted",
        where: "after promotion (rolled back)",
        reason: result.reason,
        ...(await decisive(result.run)),
      });
    }
    if (result.kind === "paused") {
      return finish({ outcome: "paused", where: "after promotion", reason: result.reason });
    }
  }

  context.emit({
    type: "note",
    message:
      "the old revision would scale down after " +
      `scaleDownDelaySeconds (${strategy.scaleDownDelaySeconds}s)`,
  });
  return finish({
    outcome: "promoted",
    where: "after promotion",
    reason: "the new revision is active",
  });
}

async function decisive(run: AnalysisRun | undefined): Promise<Pick<Verdict, "decisive">> {
  const outcome = run ? await run.outcome : undefined;
  return outcome?.decisive ? { decisive: outcome.decisive } : {};
}
