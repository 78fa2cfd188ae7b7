import { burnAlertsFor, outageDetectionSeconds } from "./burn-rate.ts";
import { formatDuration, parseDuration } from "./duration.ts";
import type { Slo } from "./model.ts";
import { alertNames, series, sloLabels } from "./names.ts";
import { sloFilter } from "./queries.ts";
import { type AlertingRule, ruleGroups } from "./rules.ts";
import { parseSelector } from "./selector.ts";

/**
 * Synthetic traffic for `promtool test rules`: phases of steps, each step adding `good` and
 * `bad` events. The scenarios below are the proofs the docs' alert table rests on.
 */
export interface Traffic {
  stepSeconds: number;
  phases: { steps: number; good: number; bad: number }[];
}

/** Cumulative good and bad counts at every sample, starting from 0 at time 0. */
export function cumulative(traffic: Traffic): { good: number[]; bad: number[] } {
  const good = [0];
  const bad = [0];
  for (const phase of traffic.phases) {
    for (let i = 0; i < phase.steps; i++) {
      good.push((good.at(-1) ?? 0) + phase.good);
      bad.push((bad.at(-1) ?? 0) + phase.bad);
    }
  }
  return { good, bad };
}

/** Pod labels of the scrape contract, so the inputs look like what a cluster records. */
const targetLabelValues = {
  pod: "demo-app-7c9d-abcde",
  rollouts_pod_template_hash: "7c9d",
  version: "1.0.0",
};

/**
 * The input series for one SLO: for a bad-event SLI, a 2xx and a 5xx series of the total
 * counter; for a good-event SLI, the good counter (the histogram bucket) and the total.
 */
export function inputSeries(slo: Slo, traffic: Traffic): { series: string; values: string }[] {
  const { good, bad } = cumulative(traffic);
  const total = parseSelector(slo.indicator.total);
  const events = parseSelector(slo.indicator.events);
  if (total === undefined || events === undefined) {
    throw new Error(`${slo.file}: the SLI selectors must be plain selectors`);
  }
  const labelsOf = (selector: typeof total, extra: Record<string, string>) => {
    const equal = selector.matchers.filter((m) => m.op === "=");
    const pairs = [
      ...equal.map((m) => `${m.label}="${m.value}"`),
      ...Object.entries({ ...targetLabelValues, ...extra }).map(([k, v]) => `${k}="${v}"`),
    ];
    return `${selector.metric}{${pairs.join(",")}}`;
  };
  const join = (values: number[]) => values.join(" ");

  if (slo.indicator.kind === "bad") {
    return [
      { series: labelsOf(total, { code: "200" }), values: join(good) },
      { series: labelsOf(total, { code: "500" }), values: join(bad) },
    ];
  }
  return [
    { series: labelsOf(events, {}), values: join(good) },
    { series: labelsOf(total, {}), values: join(good.map((g, i) => g + (bad[i] ?? 0))) },
  ];
}

/**
 * The error ratio Prometheus 2 records over a window ending at sample `index`: its range
 * includes both ends, and with samples on the bounds rate() extrapolates nothing, so the
 * ratio is the bad increase over the total increase since the window's first sample.
 */
export function expectedRatio(traffic: Traffic, index: number, windowSeconds: number): number {
  const { good, bad } = cumulative(traffic);
  const from = Math.max(0, index - Math.floor(windowSeconds / traffic.stepSeconds));
  const badIncrease = (bad[index] ?? 0) - (bad[from] ?? 0);
  const totalIncrease = badIncrease + (good[index] ?? 0) - (good[from] ?? 0);
  return badIncrease / totalIncrease;
}

function alertRule(slo: Slo, name: string): AlertingRule {
  for (const group of ruleGroups(slo)) {
    for (const rule of group.rules) {
      if ("alert" in rule && rule.alert === name) {
        return rule;
      }
    }
  }
  throw new Error(`no alert ${name} for ${slo.id}`);
}

/** The alert as promtool reports it when firing: the rule's labels plus the series' own. */
function firing(slo: Slo, name: string, seriesLabels: Record<string, string>) {
  const rule = alertRule(slo, name);
  return { exp_labels: { ...seriesLabels, ...rule.labels }, exp_annotations: rule.annotations };
}

function at(seconds: number): string {
  return formatDuration(Math.round(seconds));
}

/** `abs(series - expected) < bool tolerance`, one sample of 1 per SLO when right. */
function valueCheck(slo: Slo, expr: string, expected: number, seconds: number) {
  const tolerance = 1e-9 * Math.max(1, Math.abs(expected));
  return {
    expr:
      `max by (${sloLabels.id}) ` +
      `(abs(${expr}${sloFilter(slo)} - ${expected}) < bool ${tolerance})`,
    eval_time: at(seconds),
    exp_samples: [{ labels: `{${sloLabels.id}="${slo.id}"}`, value: 1 }],
  };
}

/** The page alert's fast pair (1h/5m at 14.4x): the first to fire on a total outage. */
function pagePair(slo: Slo) {
  const alerts = burnAlertsFor(slo.alertPeriodSeconds);
  const pair = alerts.find((alert) => alert.name === alertNames.burnFast)?.windows[0];
  if (pair === undefined) {
    throw new Error("no page alert");
  }
  return pair;
}

/**
 * A total outage after seven hours of clean traffic (one request a second, sampled every
 * 15 s): the page fires at the first evaluation after the theoretical detection time of the
 * 1h/5m pair, not one step earlier, and every recorded series has its expected value then.
 */
export function outageScenario(slo: Slo) {
  const step = 15;
  const onsetIndex = (7 * 3600) / step;
  const budget = 1 - slo.objective;
  const detect = outageDetectionSeconds(pagePair(slo), budget);
  const stepsToFire = Math.ceil(detect / step);
  const traffic: Traffic = {
    stepSeconds: step,
    phases: [
      { steps: onsetIndex, good: step, bad: 0 },
      { steps: stepsToFire + 4, good: 0, bad: step },
    ],
  };
  const fireIndex = onsetIndex + stepsToFire;
  const fireSeconds = fireIndex * step;
  const idLabels = {
    [sloLabels.id]: slo.id,
    [sloLabels.service]: slo.service,
    [sloLabels.slo]: slo.name,
  };

  const windows = [...new Set(["5m", "30m", "1h", "2h", "6h", "1d", "3d", slo.period])];
  const ratios = new Map(windows.map((w) => [w, expectedRatio(traffic, fireIndex, seconds(w))]));
  const ratio5m = ratios.get("5m") ?? Number.NaN;
  const ratioPeriod = ratios.get(slo.period) ?? Number.NaN;

  return {
    detectionSeconds: detect,
    fireSeconds: fireSeconds - onsetIndex * step,
    test: {
      interval: `${step}s`,
      input_series: inputSeries(slo, traffic),
      alert_rule_test: [
        { eval_time: at(fireSeconds - step), alertname: alertNames.burnFast, exp_alerts: [] },
        {
          eval_time: at(fireSeconds),
          alertname: alertNames.burnFast,
          exp_alerts: [firing(slo, alertNames.burnFast, { ...idLabels, [sloLabels.window]: "5m" })],
        },
        { eval_time: at(fireSeconds), alertname: alertNames.dataAbsent, exp_alerts: [] },
      ],
      promql_expr_test: [
        ...windows.map((w) =>
          valueCheck(slo, series.sliErrorRatio(w), ratios.get(w) ?? 0, fireSeconds),
        ),
        valueCheck(slo, series.objective, slo.objective, fireSeconds),
        valueCheck(slo, series.errorBudget, budget, fireSeconds),
        valueCheck(slo, series.timePeriodDays, slo.periodSeconds / 86_400, fireSeconds),
        valueCheck(slo, series.currentBurnRate, ratio5m / budget, fireSeconds),
        valueCheck(slo, series.periodBurnRate, ratioPeriod / budget, fireSeconds),
        valueCheck(slo, series.periodBudgetRemaining, 1 - ratioPeriod / budget, fireSeconds),
        valueCheck(slo, series.info, 1, fireSeconds),
      ],
    },
  };
}

/**
 * A slow burn at 1.2 times the sustainable rate after three clean days, sampled every 5 min:
 * the 3d window crosses the budget after 3d / 1.2 = 60 h, so the ticket fires then and not
 * before; the page never fires. (Exactly 1x never crosses a strict threshold.)
 */
export function slowBurnScenario(slo: Slo) {
  const step = 300;
  const perStep = 10_000;
  const burn = 1.2;
  const budget = 1 - slo.objective;
  const bad = Math.round(perStep * budget * burn);
  const onsetIndex = (3 * 86_400) / step;
  const theoretical = (3 * 86_400 * budget * perStep) / bad;
  const stepsToFire = Math.floor(theoretical / step) + 1;
  const traffic: Traffic = {
    stepSeconds: step,
    phases: [
      { steps: onsetIndex, good: perStep, bad: 0 },
      { steps: stepsToFire + 2, good: perStep - bad, bad },
    ],
  };
  const fireSeconds = (onsetIndex + stepsToFire) * step;
  const idLabels = {
    [sloLabels.id]: slo.id,
    [sloLabels.service]: slo.service,
    [sloLabels.slo]: slo.name,
  };
  return {
    theoreticalSeconds: theoretical,
    test: {
      interval: `${step}s`,
      input_series: inputSeries(slo, traffic),
      alert_rule_test: [
        { eval_time: at(fireSeconds - 2 * step), alertname: alertNames.burnSlow, exp_alerts: [] },
        {
          eval_time: at(fireSeconds),
          alertname: alertNames.burnSlow,
          exp_alerts: [firing(slo, alertNames.burnSlow, { ...idLabels, [sloLabels.window]: "6h" })],
        },
        { eval_time: at(fireSeconds), alertname: alertNames.burnFast, exp_alerts: [] },
      ],
    },
  };
}

/** Four days at half the sustainable burn rate: no alert of any kind, ever. */
export function healthyScenario(slo: Slo) {
  const step = 300;
  const perStep = 10_000;
  const bad = Math.round(perStep * (1 - slo.objective) * 0.5);
  const traffic: Traffic = {
    stepSeconds: step,
    phases: [{ steps: (4 * 86_400) / step, good: perStep - bad, bad }],
  };
  const times = ["15m", "1h", "6h", "1d", "3d", "4d"];
  return {
    interval: `${step}s`,
    input_series: inputSeries(slo, traffic),
    alert_rule_test: times.flatMap((eval_time) =>
      Object.values(alertNames).map((alertname) => ({ eval_time, alertname, exp_alerts: [] })),
    ),
  };
}

/**
 * No series for this SLO (only another namespace reports): the absent alert is pending for
 * its `for` duration and fires after it; burn-rate alerts stay silent since there is no ratio.
 */
export function absentScenario(slo: Slo) {
  const total = parseSelector(slo.indicator.total);
  const equal = Object.fromEntries(
    (total?.matchers ?? []).filter((m) => m.op === "=").map((m) => [m.label, m.value]),
  );
  const elsewhere = { ...equal, namespace: "demo-staging" };
  const pairs = Object.entries(elsewhere).map(([k, v]) => `${k}="${v}"`);
  const rule = alertRule(slo, alertNames.dataAbsent);
  const forSeconds = seconds(rule.for ?? "0s");
  return {
    interval: "1m",
    input_series: [{ series: `${total?.metric}{${pairs.join(",")}}`, values: "0+60x30" }],
    alert_rule_test: [
      { eval_time: at(forSeconds - 60), alertname: alertNames.dataAbsent, exp_alerts: [] },
      {
        eval_time: at(forSeconds + 60),
        alertname: alertNames.dataAbsent,
        exp_alerts: [firing(slo, alertNames.dataAbsent, equal)],
      },
      { eval_time: at(forSeconds + 60), alertname: alertNames.burnFast, exp_alerts: [] },
      { eval_time: at(forSeconds + 60), alertname: alertNames.burnSlow, exp_alerts: [] },
    ],
  };
}

function seconds(window: string): number {
  return parseDuration(window) ?? Number.NaN;
}
