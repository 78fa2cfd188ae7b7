import {
  assessMeasurement,
  type ConditionResult,
  type MeasurementConditions,
  metricSpecProblems,
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
    "evaluates; conditions that error or pass when the query returns no data are flagged; " +
    "metrics pass Argo Rollouts' own checks (limits, count, interval, one provider)",
  why:
    "a condition that passes on an empty result promotes a release nobody used; one that errors " +
    "(result[0] on an empty vector) turns no traffic into Error measurements and an abort; a " +
    "metric Argo Rollouts refuses ends its run in Error before the first measurement",

  check(input: ValidationInput): Finding[] {
    const findings: Finding[] = [];
    for (const manifest of input.manifests) {
      const { kind, spec } = manifest.object;
      if ((kind !== "AnalysisTemplate" && kind !== "ClusterAnalysisTemplate") || !isRecord(spec)) {
        continue;
      }
      // A missing or mistyped list is the schema rule's finding.
      if (!Array.isArray(spec.metrics)) {
        continue;
      }
      const metrics: unknown[] = spec.metrics;
      findings.push(...specProblems(manifest, metrics));
      const args = argValues(spec.args);
      metrics.forEach((metric, index) => {
        if (isRecord(metric)) {
          findings.push(...checkMetric(manifest, metric, index, args));
        }
      });
    }
    return findings;
  },
};

function specProblems(manifest: Manifest, metrics: readonly unknown[]): Finding[] {
  return metricSpecProblems(metrics).map(({ index, field, message }) => {
    const metric = index === undefined ? undefined : metrics[index];
    const name = isRecord(metric) && typeof metric.name === "string" ? metric.name : index;
    const path = index === undefined ? ["spec", field] : ["spec", "metrics", index, field];
    return {
      ruleId: RULE_ID,
      severity: "error" as const,
      message:
        index === undefined
          ? `${message}; Argo Rollouts ends the run in Error`
          : `metric ${name}: ${field}: ${message}; Argo Rollouts ends the run in Error`,
      source: manifest.locate(path),
      object: objectRef(manifest),
    };
  });
}

/** The template's args that carry a plain value; the others are known only when a run starts. */
function argValues(args: unknown): Map<string, string | undefined> {
  const values = new Map<string, string | undefined>();
  for (const arg of Array.isArray(args) ? args : []) {
    if (isRecord(arg) && typeof arg.name === "string") {
      values.set(arg.name, typeof arg.value === "string" ? arg.value : undefined);
    }
  }
  return values;
}

/**
 * Argo Rollouts fills `{{args.name}}` (and `{{ args.name }}`) into the whole metric, conditions
 * included, before it evaluates them. A template's default value goes in as written; an arg
 * known only at run time becomes a stand-in that parses (a number, or a word inside quotes),
 * and `resolved` says the condition cannot be evaluated for its meaning here.
 */
function fillArgs(
  text: string,
  args: Map<string, string | undefined>,
): { text: string; resolved: boolean } {
  let resolved = true;
  const filled = text.replace(
    /\{\{\s*args\.([^{}\s]+)\s*\}\}/g,
    (_match, name: string, offset: number) => {
      const value = args.get(name);
      if (value !== undefined) {
        return value;
      }
      resolved = false;
      return insideQuotes(text.slice(0, offset)) ? "placeholder" : "0";
    },
  );
  return { text: filled, resolved };
}

function insideQuotes(before: string): boolean {
  let quote: string | undefined;
  for (const char of before) {
    if (quote === undefined && (char === '"' || char === "'" || char === "`")) {
      quote = char;
    } else if (char === quote) {
      quote = undefined;
    }
  }
  return quote !== undefined;
}

function checkMetric(
  manifest: Manifest,
  metric: Record<string, unknown>,
  index: number,
  args: Map<string, string | undefined>,
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

  let resolved = true;
  for (const field of ["successCondition", "failureCondition"] as const) {
    const text = metric[field];
    if (text === undefined) {
      continue;
    }
    const filled = fillArgs(String(text), args);
    resolved &&= filled.resolved;
    const parsed = parseCondition(filled.text);
    if (!parsed.ok) {
      report(
        field,
        "error",
        `expected a valid ${field}, found ${parsed.message} at column ${parsed.column}: ` +
          String(text),
      );
      continue;
    }
    conditions[field === "successCondition" ? "success" : "failure"] = parsed.ast;
  }
  if (findings.length > 0 || (!conditions.success && !conditions.failure)) {
    return findings;
  }

  const provider = isRecord(metric.provider) ? metric.provider : {};
  if (!isRecord(provider.prometheus) || !resolved) {
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
