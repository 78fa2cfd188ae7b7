import { absentFor, alertWindows, type BurnWindow, burnAlertsFor } from "./burn-rate.ts";
import { formatPercent } from "./format.ts";
import type { Slo } from "./model.ts";
import {
  alertNames,
  annotations,
  monitoringNamespace,
  releaseLabel,
  runbookPaths,
  series,
  severities,
  severityLabel,
  sloLabels,
} from "./names.ts";
import {
  absentExpr,
  currentBurnRateExpr,
  errorBudgetExpr,
  periodBurnRateExpr,
  sliErrorRatio,
  sloFilter,
  sloIdLabels,
} from "./queries.ts";

export interface RecordingRule {
  record: string;
  expr: string;
  labels: Record<string, string>;
}

export interface AlertingRule {
  alert: string;
  expr: string;
  for?: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
}

export interface RuleGroup {
  name: string;
  rules: (RecordingRule | AlertingRule)[];
}

export interface PrometheusRuleObject {
  apiVersion: "monitoring.coreos.com/v1";
  kind: "PrometheusRule";
  metadata: { name: string; namespace: string; labels: Record<string, string> };
  spec: { groups: RuleGroup[] };
}

/** The rule groups of one SLO, named as Sloth names them. */
export function ruleGroups(slo: Slo): RuleGroup[] {
  return [
    { name: `sloth-slo-sli-recordings-${slo.id}`, rules: sliRecordings(slo) },
    { name: `sloth-slo-meta-recordings-${slo.id}`, rules: metaRecordings(slo) },
    { name: `sloth-slo-alerts-${slo.id}`, rules: alertRules(slo) },
  ];
}

/** The PrometheusRule kube-prometheus-stack picks up for one SLO. */
export function prometheusRule(slo: Slo): PrometheusRuleObject {
  return {
    apiVersion: "monitoring.coreos.com/v1",
    kind: "PrometheusRule",
    metadata: {
      name: `slo-${slo.id}`,
      namespace: monitoringNamespace,
      labels: { ...releaseLabel, [sloLabels.service]: slo.service },
    },
    spec: { groups: ruleGroups(slo) },
  };
}

function sliRecordings(slo: Slo): RecordingRule[] {
  const windows = [...alertWindows.filter((w) => w !== slo.period), slo.period];
  return windows.map((window) => ({
    record: series.sliErrorRatio(window),
    expr: sliErrorRatio(slo, window),
    labels: { ...sloIdLabels(slo), [sloLabels.window]: window },
  }));
}

function metaRecordings(slo: Slo): RecordingRule[] {
  const labels = sloIdLabels(slo);
  const days = slo.periodSeconds / 86_400;
  return [
    { record: series.objective, expr: `vector(${slo.objective})`, labels },
    { record: series.errorBudget, expr: `vector${errorBudgetExpr(slo)}`, labels },
    { record: series.timePeriodDays, expr: `vector(${days})`, labels },
    { record: series.currentBurnRate, expr: currentBurnRateExpr(slo), labels },
    { record: series.periodBurnRate, expr: periodBurnRateExpr(slo), labels },
    {
      record: series.periodBudgetRemaining,
      expr: `1 - ${series.periodBurnRate}${sloFilter(slo)}`,
      labels,
    },
    {
      record: series.info,
      expr: "vector(1)",
      labels: { ...labels, [sloLabels.objective]: formatPercent(slo.objective) },
    },
  ];
}

function alertRules(slo: Slo): AlertingRule[] {
  const burns = burnAlertsFor(slo.alertPeriodSeconds).map(
    (alert): AlertingRule => ({
      alert: alert.name,
      expr: burnExpr(slo, alert.windows),
      labels: {
        [severityLabel]: alert.severity,
        [sloLabels.severity]: alert.severity,
        ...sloIdLabels(slo),
      },
      annotations: {
        [annotations.summary]: `${slo.displayName}: the error budget burns too fast`,
        [annotations.description]:
          `${slo.displayName} (${formatPercent(slo.objective)}% over ${slo.period}) burns its ` +
          `error budget at ${describePairs(alert.windows)} the rate the period can sustain.`,
        [annotations.runbook]: runbookPaths[alert.name],
      },
    }),
  );

  const absent: AlertingRule = {
    alert: alertNames.dataAbsent,
    expr: absentExpr(slo),
    for: absentFor,
    labels: {
      [severityLabel]: severities.page,
      [sloLabels.severity]: severities.page,
      ...sloIdLabels(slo),
    },
    annotations: {
      [annotations.summary]: `${slo.displayName}: no SLI data`,
      [annotations.description]:
        `No series match ${slo.indicator.total} for ${absentFor}: the SLO cannot be measured ` +
        "and burn-rate alerts cannot fire.",
      [annotations.runbook]: runbookPaths[alertNames.dataAbsent],
    },
  };
  return [...burns, absent];
}

/**
 * Both windows of a pair above `factor` times the budget, either pair firing. `ignoring` the
 * window label lets series of different windows meet (the expression form Sloth generates).
 */
function burnExpr(slo: Slo, pairs: readonly BurnWindow[]): string {
  const filter = sloFilter(slo);
  const budget = errorBudgetExpr(slo);
  const over = (window: string, factor: number) =>
    `(${series.sliErrorRatio(window)}${filter} > (${factor} * ${budget}))`;
  const clauses = pairs.map(
    (pair) =>
      `(\n  ${over(pair.short, pair.factor)}\n  and ignoring (${sloLabels.window})\n` +
      `  ${over(pair.long, pair.factor)}\n)`,
  );
  return clauses.join(`\nor ignoring (${sloLabels.window})\n`);
}

function describePairs(pairs: readonly BurnWindow[]): string {
  return pairs.map((p) => `${p.factor} times (over ${p.long} and ${p.short})`).join(" or ");
}
