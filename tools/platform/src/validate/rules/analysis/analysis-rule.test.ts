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
    const inTemplates = findings.filter((finding) => finding.source.file === "templates.yaml");
    expect(inTemplates.map(brief)).toEqual([
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

  it("flags metrics that Argo Rollouts refuses before their first measurement", async () => {
    const { findings } = await runRuleOnFixture(analysisRule, "analysis/fail");
    const refused = "; Argo Rollouts ends the run in Error";
    expect(findings.filter((finding) => finding.source.file === "limits.yaml").map(brief)).toEqual(
      [
        "limits.yaml:10 error metric repeated: count: expected at least failureLimit + " +
          "consecutiveSuccessLimit (5), found 3",
        "limits.yaml:9 error metric repeated: interval: expected an interval, since count is 3, " +
          "found none",
        "limits.yaml:15 error metric repeated: name: expected unique metric names, " +
          'found "repeated" twice',
        "limits.yaml:15 error metric repeated: interval: expected an interval, since count is 2, " +
          "found none",
        "limits.yaml:22 error metric disabled: failureLimit: expected failureLimit or " +
          "consecutiveSuccessLimit to be enabled, found both disabled (failureLimit -1, " +
          "consecutiveSuccessLimit 0)",
        "limits.yaml:23 error metric disabled: provider: expected one provider, found 2",
        "limits.yaml:30 error metric nothing: inconclusiveLimit: expected 0 or more, found -2",
        "limits.yaml:31 error metric nothing: provider: expected one provider (prometheus, job, " +
          "web, ...), found none",
      ].map((line) => line + refused),
    );
  });
});
