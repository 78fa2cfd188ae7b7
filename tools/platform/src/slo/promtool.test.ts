import { describe, expect, it } from "vitest";
import { loadSpecs } from "./load-specs.ts";
import type { Slo } from "./model.ts";
import { promtoolTestRules } from "./promtool.ts";
import {
  absentScenario,
  healthyScenario,
  outageScenario,
  slowBurnScenario,
} from "./rule-scenarios.ts";
import { ruleGroups } from "./rules.ts";

const repoRoot = new URL("../../../../", import.meta.url).pathname;
const { slos } = await loadSpecs(repoRoot);

async function expectPromtoolPasses(slo: Slo, test: Record<string, unknown>) {
  const result = await promtoolTestRules(ruleGroups(slo), {
    evaluation_interval: String(test.interval),
    tests: [test],
  });
  expect(result.output).toContain("SUCCESS");
  expect(result.ok, result.output).toBe(true);
}

describe.each(slos.map((slo) => [slo.id, slo] as const))("the rules of %s", (_id, slo) => {
  it("page on a total outage at the predicted detection time, with each series right", async () => {
    const { test, detectionSeconds, fireSeconds } = outageScenario(slo);
    expect(fireSeconds - detectionSeconds).toBeGreaterThanOrEqual(0);
    expect(fireSeconds - detectionSeconds).toBeLessThan(15);
    await expectPromtoolPasses(slo, test);
  });

  it("open a ticket on a slow burn just above 1x after 3d / burn, and never page", async () => {
    await expectPromtoolPasses(slo, slowBurnScenario(slo).test);
  });

  it("fire the absent alert when no series report, after its for duration", async () => {
    await expectPromtoolPasses(slo, absentScenario(slo));
  });

  it("fire nothing on healthy traffic", async () => {
    await expectPromtoolPasses(slo, healthyScenario(slo));
  });
});

describe("promtool", () => {
  it("fails a scenario whose expectation is wrong, so the checks above can fail", async () => {
    const [slo] = slos;
    if (slo === undefined) {
      throw new Error("no SLO specs found");
    }
    const test = healthyScenario(slo);
    const wrong = {
      ...test,
      alert_rule_test: [
        { eval_time: "1h", alertname: "ErrorBudgetBurnFast", exp_alerts: [{ exp_labels: {} }] },
      ],
    };
    const result = await promtoolTestRules(ruleGroups(slo), {
      evaluation_interval: test.interval,
      tests: [wrong],
    });
    expect(result.ok).toBe(false);
  });
});
