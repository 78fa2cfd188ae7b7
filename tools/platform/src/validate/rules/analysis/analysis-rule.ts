import {
  assessMeasurement,
  type ConditionResult,
  type MeasurementConditions,
  parseCondition,
} from "../../../analysis/index.ts";
import { isRecord, objectRef } from "../../../manifests/objects.ts";
import type { Finding, Manifest, Rule, ValidationInput } from "../../model.ts";

const RULE_ID = "analysis";

/** What a Prometheus query returns when nothing matched, and when a ratio divided 0 by 0. */
const NO_TRAFFIC: readonly { result: ConditionResult; what: string }[] = [
  { result: [], what: "an empty result (no series: no traffic yet)" },
  { result: [Number.NaN], what: "NaN (a ratio of zero requests over zero requests)" },
];

export const analysisRule: Rule = {
  id: RULE_ID,
  summary:
    "analysis success and failure conditions parse in the expression subset the rehearsal " +
    "evaluates; conditions that error or pass when the query returns no data are flagged",
  why:
    "a condition that passes on an empty result promotes a release nobody used; one that errors " +
    "(result[0] on an empty vector) turns no traffic into Error measurements and an abort",

  check(input: ValidationInput): Finding[] {
    const findings: Finding[] = [];
    for (const manifest of input.manifests) {
      const { kind, spec } = manifest.object;
      if ((kind !== "AnalysisTemplate" && kind !== "ClusterAnalysisTemplate") || !isRecord(spec)) {
        continue;
      }
      const metrics = Array.isArray(spec.metrics) ? spec.metrics : [];
      metrics.forEach((metric, index) => {
        if (isRecord(metric)) {
          findings.push(...checkMetric(manifest, metric, index));
        }
      });
    }
    return findings;
  },
};

function checkMetric(
  manifest: Manifest,
  metric: Record<string, unknown>,
  index: number,
): Finding[] {
  const findings: Finding[] = [];
  const name = typeof metric.name === "string" ? metric.name : String(index);
  const conditions: MeasurementConditions = {};
  const report = (field: string, severity: Finding["severity"], message: string) =>
    findings.push({
      ruleId: RULE_ID,
      severity,
      message: `metric ${name}: ${message}`,
      source: manifest.locate(["spec", "metrics", index, field]),
      object: objectRef(manifest),
    });

  for (const field of ["successCondition", "failureCondition"] as const) {
    const text = metric[field];
    if (text === undefined) {
      continue;
    }
    const parsed = parseCondition(String(text));
    if (!parsed.ok) {
      report(
        field,
        "error",
        `expected a valid ${field}, found ${parsed.message} at column ${parsed.column}: ${String(text)}`,
      );
      continue;
    }
    conditions[field === "successCondition" ? "success" : "failure"] = parsed.ast;
  }
  if (findings.length > 0 || (!conditions.success && !conditions.failure)) {
    return findings;
  }

  const provider = isRecord(metric.provider) ? metric.provider : {};
  if (!isRecord(provider.prometheus)) {
    return findings;
  }
  const field = conditions.success ? "successCondition" : "failureCondition";
  for (const { result, what } of NO_TRAFFIC) {
    const outcome = assessMeasurement(conditions, result);
    if (outcome.phase === "Successful") {
      report(
        field,
        "error",
        `expected the conditions to fail or be inconclusive on ${what}, found Successful; ` +
          "guard with len(result) > 0 && !isNaN(result[0])",
      );
      break;
    }
    if (outcome.phase === "Error") {
      report(
        field,
        "warning",
        `expected the conditions to evaluate on ${what}, found an error (${outcome.message}); ` +
          "Argo Rollouts counts Error measurements and aborts after consecutiveErrorLimit",
      );
      break;
    }
  }
  return findings;
}
