import { describe, expect, it } from "vitest";
import { brief, runRuleOnFixture } from "../rule-fixture.ts";
import { analysisRule } from "./analysis-rule.ts";

describe("analysis rule", () => {
  it("accepts conditions guarded against an empty or NaN result", async () => {
    const { findings } = await runRuleOnFixture(analysisRule, "analysis/pass");
    expect(findings).toEqual([]);
  });

  it("flags conditions that error or pass without traffic, or that do not parse", async () => {
    const { findings } = await runRuleOnFixture(analysisRule, "analysis/fail");
    expect(findings.map(brief)).toEqual([
      "templates.yaml:9 warning metric unguarded: expected the conditions to evaluate on an " +
        "empty result (no series: no traffic yet), found an error (successCondition: index out " +
        "of range: 0 (array length is 0)); Argo Rollouts counts Error measurements and aborts " +
        "after consecutiveErrorLimit",
      "templates.yaml:15 error metric only-failure: expected the conditions to fail or be " +
        "inconclusive on an empty result (no series: no traffic yet), found Successful; guard " +
        "with len(result) > 0 && !isNaN(result[0])",
      "templates.yaml:22 error metric nan-passes: expected the conditions to fail or be " +
        "inconclusive on NaN (a ratio of zero requests over zero requests), found Successful; " +
        "guard with len(result) > 0 && !isNaN(result[0])",
      "templates.yaml:28 error metric broken: expected a valid successCondition, found " +
        "unexpected end of condition at column 13: result[0] >=",
    ]);
  });
});
