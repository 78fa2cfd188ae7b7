import { describe, expect, it } from "vitest";
import { brief, runRuleOnFixture } from "../rule-fixture.ts";
import { rolloutRule } from "./rollout-rule.ts";

describe("rollout rule", () => {
  it("accepts Rollouts written as upstream's examples write them", async () => {
    const { findings } = await runRuleOnFixture(rolloutRule, "rollout/pass");
    expect(findings).toEqual([]);
  });

  it("flags what Argo Rollouts' spec validation refuses, at the field", async () => {
    const { findings } = await runRuleOnFixture(rolloutRule, "rollout/fail");
    const invalid = "; Argo Rollouts marks the Rollout InvalidSpec";
    expect(findings.map(brief)).toEqual(
      [
        `rollouts.yaml:12 error spec.template.metadata.labels: expected the template's ` +
          `labels to match the selector app=web, found app=other`,
        `rollouts.yaml:18 error spec.strategy.canary.canaryService: expected a canary ` +
          `Service other than the stable one, found web for both`,
        `rollouts.yaml:15 error spec.strategy.canary.maxSurge: expected maxSurge or ` +
          `maxUnavailable above 0, found both 0`,
        `rollouts.yaml:17 error spec.strategy.canary.scaleDownDelaySeconds: expected ` +
          `trafficRouting, which scaleDownDelaySeconds needs, found none`,
        `rollouts.yaml:21 error spec.strategy.canary.steps[0].setWeight: expected a ` +
          `weight from 0 to 100, found 150`,
        `rollouts.yaml:22 error spec.strategy.canary.steps[1].pause.duration: expected ` +
          `seconds or a duration of 0 or more such as 30s or 1m30s, found "soon"`,
        `rollouts.yaml:23 error spec.strategy.canary.steps[2].pause.duration: expected ` +
          `seconds or a duration of 0 or more such as 30s or 1m30s, found -5`,
        `rollouts.yaml:24 error spec.strategy.canary.steps[3]: expected one of ` +
          `setWeight, pause, experiment, analysis in a step, found setWeight and pause`,
        `rollouts.yaml:26 error spec.strategy.canary.steps[4]: expected one of ` +
          `setWeight, pause, analysis, experiment, setCanaryScale, setHeaderRoute, ` +
          `setMirrorRoute, plugin, found none`,
        `rollouts.yaml:27 error spec.strategy.canary.steps[5].setCanaryScale: expected ` +
          `trafficRouting, which setCanaryScale needs, found none`,
        `rollouts.yaml:36 error spec.selector: expected a selector with matchLabels or ` +
          `matchExpressions, found {}`,
        `rollouts.yaml:34 error spec.progressDeadlineSeconds: expected ` +
          `progressDeadlineSeconds above minReadySeconds (700), found 600`,
        `rollouts.yaml:41 error spec.strategy: expected one strategy, found both canary ` +
          `and blueGreen`,
        `rollouts.yaml:60 error spec.strategy.blueGreen.previewService: expected a ` +
          `preview Service other than the active one, found "same" for both`,
      ].map((line) => line + invalid),
    );
  });
});
