import { describe, expect, it } from "vitest";
import { metricSpecProblems } from "./metric-spec-problems.ts";

const prometheus = { prometheus: {} };

/** The fields at fault for one metric, as `field` strings. */
function refused(metric: Record<string, unknown>): string[] {
  return metricSpecProblems([{ name: "m", provider: prometheus, ...metric }]).map(
    (problem) => problem.field,
  );
}

// The cases of upstream's TestValidateMetrics (argo-rollouts utils/analysis/factory_test.go).
describe("metric spec problems, as Argo Rollouts validates a run's metrics", () => {
  it.each([
    ["count below failureLimit", { count: 1, failureLimit: 2 }, ["count"]],
    ["count 0 with any failureLimit", { count: 0, failureLimit: 2 }, []],
    ["count below inconclusiveLimit", { count: 1, inconclusiveLimit: 2 }, ["count"]],
    ["count 0 with any inconclusiveLimit", { count: 0, inconclusiveLimit: 2 }, []],
    ["a valid metric", { count: 2, interval: "60s", failureLimit: 2 }, []],
    ["a bad interval", { count: 2, interval: "60s-typo", failureLimit: 2 }, ["interval"]],
    [
      "a bad initialDelay",
      { count: 2, interval: "60s", initialDelay: "60s-typo", failureLimit: 2 },
      ["initialDelay"],
    ],
    ["count above 1 without interval", { count: 2 }, ["interval"]],
    ["failureLimit below -1", { failureLimit: -2 }, ["failureLimit"]],
    ["inconclusiveLimit below 0", { inconclusiveLimit: -1 }, ["inconclusiveLimit"]],
    ["consecutiveErrorLimit below 0", { consecutiveErrorLimit: -1 }, ["consecutiveErrorLimit"]],
    [
      "consecutiveSuccessLimit below 0",
      { consecutiveSuccessLimit: -1 },
      ["consecutiveSuccessLimit"],
    ],
    [
      "failureLimit and consecutiveSuccessLimit both disabled",
      { consecutiveSuccessLimit: 0, failureLimit: -1 },
      ["failureLimit"],
    ],
    [
      "failureLimit disabled beside a success limit",
      { consecutiveSuccessLimit: 2, failureLimit: -1 },
      [],
    ],
    ["limits given as strings", { count: "1", failureLimit: "3" }, ["count"]],
    ["a limit still templated", { count: 1, failureLimit: "{{args.limit}}" }, []],
  ])("%s", (_case, metric, fields) => {
    expect(refused(metric)).toEqual(fields);
  });

  it("refuses no metrics, a metric without a provider and one with two", () => {
    expect(metricSpecProblems([])).toEqual([
      { index: undefined, field: "metrics", message: "expected at least one metric" },
    ]);
    expect(metricSpecProblems([{ name: "m", provider: {} }]).map((p) => p.field)).toEqual([
      "provider",
    ]);
    const two = { prometheus: {}, web: { url: "http://example.test" } };
    expect(metricSpecProblems([{ name: "m", provider: two }])[0]?.message).toBe(
      "expected one provider, found 2",
    );
  });

  it("refuses two metrics with one name, at the second", () => {
    const metric = { name: "success-rate", provider: prometheus };
    expect(metricSpecProblems([metric, metric])).toEqual([
      {
        index: 1,
        field: "name",
        message: 'expected unique metric names, found "success-rate" twice',
      },
    ]);
  });
});
