import { describe, expect, it } from "vitest";
import type { ConditionResult } from "./evaluate-condition.ts";
import {
  assessMeasurement,
  assessMetric,
  effectiveCount,
  emptyTally,
  evaluateCondition,
  type MeasurementPhase,
  metricDefaults,
  parseCondition,
  recordMeasurement,
  resultFromPrometheus,
  worstPhase,
} from "./index.ts";

function evaluate(text: string, result: ConditionResult): boolean | string {
  const parsed = parseCondition(text);
  if (!parsed.ok) {
    throw new Error(`could not parse ${text}: ${parsed.message}`);
  }
  const evaluation = evaluateCondition(parsed.ast, result);
  return evaluation.ok ? evaluation.value : `error: ${evaluation.message}`;
}

const guarded = "len(result) > 0 && !isNaN(result[0]) && result[0] >= 0.99";

// Conditions as real AnalysisTemplates write them (the repository's own templates, the
// Argo Rollouts documentation examples), against the results Prometheus can give.
const table: [string, ConditionResult, boolean | "error"][] = [
  [guarded, [0.995], true],
  [guarded, [0.98], false],
  [guarded, [], false],
  [guarded, [Number.NaN], false],
  ["len(result) > 0 && !isNaN(result[0]) && result[0] < 0.5", [0.25], true],
  ["len(result) > 0 && !isNaN(result[0]) && result[0] < 0.01", [0.05], false],
  ["result[0] >= 0.95", [0.97], true],
  ["result[0] >= 0.95", [], "error"],
  ["result[0] >= 0.95", [Number.NaN], false],
  ["result >= 0.95", 0.97, true],
  ["result >= 0.95", [0.97], "error"],
  ["isNaN(result) || result >= 0.95", Number.NaN, true],
  ["isNaN(result[0]) || result[0] >= 0.95", [Number.NaN], true],
  ["len(result) == 0 || result[0] >= 0.95", [], true],
  ["result[0] <= 0.01", [0.02, 0.001], false],
  ["all(result, {# >= 0.9})", [0.95, 0.91], true],
  ["all(result, {# >= 0.9})", [0.95, 0.5], false],
  ["all(result, {# >= 0.9})", [], true],
  ["any(result, {# > 0.9})", [0.1, 0.95], true],
  ["any(result, {# > 0.9})", [], false],
  ["any(result, # > 0.9)", [0.95], true],
  ["result[0] > 0.9 and result[0] <= 1", [0.95], true],
  ["not (result[0] > 0.9) or result[-1] == 2", [1, 2], true],
  ["isInf(result[0])", [Infinity], true],
  ["isInf(result)", -Infinity, true],
  ["isNil(result) || result[0] > 1", null, true],
  ["isNil(result)", [], false],
  ["default(result, 0) >= 0", null, true],
  ["asInt(result) == 3", 3.7, true],
  ['asFloat("0.5") < result', 0.7, true],
  ['asInt("x") == 1', 1, "error"],
  ["result[0] * 100 >= 99", [0.995], true],
  ["(result[0] - 1) ** 2 < 0.01 ", [0.95], true],
  ["result[0] + 1", [1], "error"],
  ["result[0] == nil", [1], false],
  ["result[0] in [1, 2]", [2], true],
  ["result[0] > 1 ? false : true", [0.5], true],
  ["unknown > 1", 2, "error"],
  // Conditions from the Argo Rollouts tests and docs (utils/evaluate, metricproviders/prometheus,
  // docs/analysis): expr built-ins over a vector, NaN and Inf scalars, membership.
  ["max(result) < 0.05", [0.01, 0.04], true],
  ["max(result) < 0.05", [0.01, 0.06], false],
  ["max(result) < 0.05", [], "error"],
  ["max(result) < 0.05", [Number.NaN, 0.01], false],
  ["min(result) > 0.9", [0.95, 0.91], true],
  ["max(result[0], 0.5) == 0.5", [0.25], true],
  ["mean(result) >= 0.9", [0.95, 0.87], true],
  ["mean(result) == 0", [], true],
  ["median(result) == 2", [3, 1, 2], true],
  ["sum(result) < 1", [0.25, 0.5], true],
  ["sum(result) == 0", [], true],
  ["count(result, # > 0.9) == 1", [0.95, 0.5], true],
  ["len(filter(result, # < 0.9)) == 0", [0.95], true],
  ["none(result, # < 0.9)", [0.95], true],
  ["one(result, # > 0.9)", [0.95, 0.5], true],
  ["map(result, # * 100)[0] == 50", [0.5], true],
  ["first(result) > 0.9", [0.95], true],
  ["last(result) < 0.9", [0.95, 0.5], true],
  ["first(result) == nil", [], true],
  ["find(result, # > 1) == 2", [1, 2], true],
  ["findIndex(result, # > 1) == 1", [1, 2], true],
  ["round(result[0] * 100) == 99", [0.991], true],
  ["floor(result) == 1 && ceil(result) == 2", 1.5, true],
  ["int(result) == 1 && float(result) == 1.5", 1.5, true],
  ["default(result, 0) < 0.05", 0.01, true],
  ["default(result, 0) < 0.05", [0.01], "error"],
  ["10 in result", [10, 11], true],
  ["len(result) != 2", [10, 11], false],
  ["10.000000 not in result", [10, 11], false],
  ["all(result, # > 10)", [11, 12, 13, 14], true],
  ["all(result, # < 10)", [11, 12, 13, 14], false],
  ["result >= 0.9", Number.NaN, false],
  ["result < 0.9", Number.NaN, false],
  ["result >= 0.9 || isNaN(result)", Number.NaN, true],
  ["result >= 0.9", Infinity, true],
  ["result == 10", 10, true],
  ["result == 10", [10], "error"],
  ['asFloat(result) == "1.1"', 1.1, "error"],
  ["result.count == 10", 10, "error"],
  ["result[0:1] == [0.5]", [0.5, 0.7], true],
  ["'canary' startsWith 'can' && 'canary' contains 'nar'", 0, true],
];

describe("conditions from real AnalysisTemplates", () => {
  it.each(table)("%s with %j is %s", (condition, result, expected) => {
    const outcome = evaluate(condition, result);
    if (expected === "error") {
      expect(outcome).toMatch(/^error: /);
    } else {
      expect(outcome).toBe(expected);
    }
  });

  it("an index out of range on an empty vector says so", () => {
    expect(evaluate("result[0] >= 0.95", [])).toBe(
      "error: index out of range: 0 (array length is 0)",
    );
  });
});

describe("parseCondition", () => {
  it.each([
    ["result[0] >=", 12, "unexpected end of condition"],
    ["result[0] >= 0.9 )", 17, 'unexpected ")"'],
    ["len(result > 0", 14, 'expected "," or ")"'],
    ["result[0] @ 1", 10, "unexpected character"],
    ['result == "open', 10, "string literal not terminated"],
    ["result[0] >= {{args.threshold}}", 13, 'unexpected "{"'],
  ])("reports %s at offset %i", (text, offset, message) => {
    const parsed = parseCondition(text);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) {
      expect(parsed.offset).toBe(offset);
      expect(parsed.message).toContain(message);
      expect(parsed.column).toBe(offset + 1);
    }
  });

  it("binds as expr does: and over or, comparison over and, not over comparison", () => {
    expect(evaluate("true || false && false", null)).toBe(true);
    expect(evaluate("1 + 2 * 3 == 7 && 2 ** 3 ** 2 == 512", null)).toBe(true);
    // As in expr, not binds tighter than ==: `not 1 == 2` negates the number, an error.
    expect(evaluate("not (1 == 2) && !false", null)).toBe(true);
    expect(evaluate("not 1 == 2", null)).toMatch(/^error: /);
    expect(evaluate("-2 ** 2 == -4", null)).toBe(true);
  });

  it("reads field access on results of other providers, `.field` in predicates included", () => {
    for (const text of [
      "all(result.service_apdex.values.values, {asFloat(.value) >= 9900})",
      "result.count == 10 and result['average.duration'] < 15.0",
      "result?.ok && result.successPercent >= 0.90",
    ]) {
      expect(parseCondition(text)).toMatchObject({ ok: true });
    }
    expect(evaluate("all(result, {.value > 1})", [2])).toMatch(/^error: .*no field value/);
  });

  it("reads number, string and bool literals", () => {
    expect(evaluate("1_000 == 1e3 && 0x10 == 16 && .5 == 0.5", null)).toBe(true);
    expect(evaluate("'a' + \"b\" == `ab` && true != false", null)).toBe(true);
  });

  it("reports the line and column of an error on a later line", () => {
    const parsed = parseCondition("len(result) > 0 &&\n  result[0] >= >");
    expect(parsed).toMatchObject({ ok: false, line: 2, column: 16 });
  });
});

describe("assessMeasurement", () => {
  const condition = (text: string) => {
    const parsed = parseCondition(text);
    if (!parsed.ok) {
      throw new Error(parsed.message);
    }
    return parsed.ast;
  };

  it.each<[string | undefined, string | undefined, ConditionResult, MeasurementPhase]>([
    [undefined, undefined, [0.1], "Successful"],
    ["result[0] > 0.9", undefined, [0.95], "Successful"],
    ["result[0] > 0.9", undefined, [0.5], "Failed"],
    [undefined, "result[0] > 0.9", [0.5], "Successful"],
    [undefined, "result[0] > 0.9", [0.95], "Failed"],
    ["result[0] > 0.5", "result[0] > 0.9", [0.95], "Failed"],
    ["result[0] > 0.9", "result[0] < 0.5", [0.7], "Inconclusive"],
    ["result[0] > 0.9", undefined, [], "Error"],
    [undefined, "result[0] > 0.9", [], "Error"],
    ["result[0]", undefined, [1], "Error"],
  ])("success %s, failure %s, result %j: %s", (success, failure, result, phase) => {
    const outcome = assessMeasurement(
      {
        ...(success ? { success: condition(success) } : {}),
        ...(failure ? { failure: condition(failure) } : {}),
      },
      result,
    );
    expect(outcome.phase).toBe(phase);
  });
});

describe("metric status", () => {
  const limits = { ...metricDefaults, effectiveCount: 3 };

  function tallyOf(phases: MeasurementPhase[]) {
    return phases.reduce(recordMeasurement, emptyTally());
  }

  it("fails on the first failure with the default failureLimit of 0", () => {
    expect(assessMetric(limits, tallyOf(["Successful", "Failed"])).phase).toBe("Failed");
  });

  it("tolerates failures up to failureLimit", () => {
    const tolerant = { ...limits, failureLimit: 1 };
    expect(assessMetric(tolerant, tallyOf(["Failed"])).phase).toBe("Running");
    expect(assessMetric(tolerant, tallyOf(["Failed", "Successful", "Successful"])).phase).toBe(
      "Successful",
    );
    expect(assessMetric(tolerant, tallyOf(["Failed", "Failed"])).message).toBe(
      "failed (2) > failureLimit (1)",
    );
  });

  it("stops at an inconclusive measurement with the default inconclusiveLimit of 0", () => {
    expect(assessMetric(limits, tallyOf(["Inconclusive"])).phase).toBe("Inconclusive");
  });

  it("errors only after more than consecutiveErrorLimit errors in a row, uncounted", () => {
    const fourErrors = tallyOf(["Error", "Error", "Error", "Error"]);
    expect(fourErrors.count).toBe(0);
    expect(assessMetric(limits, fourErrors).phase).toBe("Running");
    expect(assessMetric(limits, recordMeasurement(fourErrors, "Error")).phase).toBe("Error");
    expect(assessMetric(limits, tallyOf(["Error", "Error", "Successful", "Error"])).phase).toBe(
      "Running",
    );
  });

  it("succeeds once the count is reached, or when terminated while running", () => {
    expect(assessMetric(limits, tallyOf(["Successful", "Successful", "Successful"])).phase).toBe(
      "Successful",
    );
    const endless = { ...limits, effectiveCount: undefined };
    expect(assessMetric(endless, tallyOf(["Successful"])).phase).toBe("Running");
    expect(assessMetric(endless, tallyOf(["Successful"]), true).phase).toBe("Successful");
  });

  it("derives the effective count as upstream does", () => {
    expect(effectiveCount(undefined, undefined)).toBe(1);
    expect(effectiveCount(undefined, "30s")).toBeUndefined();
    expect(effectiveCount(5, "30s")).toBe(5);
  });

  it("takes the worst phase of a run", () => {
    expect(worstPhase(["Successful", "Inconclusive"])).toBe("Inconclusive");
    expect(worstPhase(["Error", "Failed", "Successful"])).toBe("Failed");
    expect(worstPhase(["Failed", "Running"])).toBe("Running");
  });
});

describe("resultFromPrometheus", () => {
  it("maps a vector to its values, NaN and infinities included", () => {
    const mapped = resultFromPrometheus({
      resultType: "vector",
      result: [
        { metric: {}, value: [1, "0.5"] },
        { metric: {}, value: [1, "NaN"] },
        { metric: {}, value: [1, "+Inf"] },
      ],
    });
    expect(mapped).toEqual({
      ok: true,
      result: [0.5, Number.NaN, Infinity],
      display: "[0.5,NaN,+Inf]",
    });
  });

  it("maps an empty vector to an empty list, not nil", () => {
    expect(resultFromPrometheus({ resultType: "vector", result: [] })).toEqual({
      ok: true,
      result: [],
      display: "[]",
    });
  });

  it("maps a scalar to a number and rejects a string", () => {
    expect(resultFromPrometheus({ resultType: "scalar", result: [1, "2"] })).toMatchObject({
      ok: true,
      result: 2,
    });
    expect(resultFromPrometheus({ resultType: "string", result: [1, "x"] })).toEqual({
      ok: false,
      message: "Prometheus metric type not supported",
    });
  });

  it("flattens a matrix into every sample of every series, in order, as upstream does", () => {
    const mapped = resultFromPrometheus({
      resultType: "matrix",
      result: [
        {
          metric: { pod: "a" },
          values: [
            [1, "11"],
            [2, "12"],
          ],
        },
        {
          metric: { pod: "b" },
          values: [
            [1, "13"],
            [2, "14"],
          ],
        },
      ],
    });
    expect(mapped).toEqual({ ok: true, result: [11, 12, 13, 14], display: "[11,12,13,14]" });
  });

  it("prints values as Go's FormatFloat(v, 'f', -1) does, without exponents", () => {
    const mapped = resultFromPrometheus({
      resultType: "vector",
      result: [{ value: [1, "1e-7"] }, { value: [1, "2.5e+21"] }, { value: [1, "-0.001"] }],
    });
    expect(mapped).toMatchObject({ display: "[0.0000001,2500000000000000000000,-0.001]" });
  });
});
