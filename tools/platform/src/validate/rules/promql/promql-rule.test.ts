import { describe, expect, it } from "vitest";
import { brief, runRuleOnFixture } from "../rule-fixture.ts";
import {
  GRAFANA_DURATION,
  GRAFANA_VARIABLE,
  ROLLOUTS_ARGUMENT,
  substitute,
} from "./placeholders.ts";
import { promqlRule } from "./promql-rule.ts";

describe("promql rule", () => {
  it("parses analysis queries with args, rule expressions and dashboard targets", async () => {
    const { findings } = await runRuleOnFixture(promqlRule, "promql/pass");
    expect(findings).toEqual([]);
  });

  it("reports each expression that does not parse where it was written", async () => {
    const { findings } = await runRuleOnFixture(promqlRule, "promql/fail");
    expect(findings.map(brief).sort()).toEqual([
      "analysis.yaml:15 error expected valid PromQL in metric success-rate, found unexpected " +
        'end of expression: ...ests_total{namespace="placeholder"}[5m])<here>',
      "analysis.yaml:27 error expected valid PromQL in rule SloBurn, found unexpected " +
        '"> 1" at offset 26: slo:errors:ratio_rate5m > <here>> 1',
      "analysis.yaml:37 error could not parse dashboard broken.json: Unexpected end of JSON input",
      'docs/dashboards/overview.json:6 error expected valid PromQL in panel "Requests" target ' +
        'A, found unexpected "code" at offset 7: sum by <here>code (rate(x[5m]))',
    ]);
  });
});

describe("substitute", () => {
  it("puts a word in label values and a duration in ranges", () => {
    expect(substitute('x{a="{{args.a}}"}[{{ args.w }}] > {{args.t}}', ROLLOUTS_ARGUMENT)).toBe(
      'x{a="placeholder"}[5m] > placeholder',
    );
  });

  it("reads Grafana's interval variables as durations", () => {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a Grafana variable, not a JS template
    expect(substitute("rate(x[$__rate_interval]) * ${k}", GRAFANA_VARIABLE, GRAFANA_DURATION)).toBe(
      "rate(x[5m]) * placeholder",
    );
  });
});
