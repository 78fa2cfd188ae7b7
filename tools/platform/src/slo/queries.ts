import { currentWindow } from "./burn-rate.ts";
import type { Slo } from "./model.ts";
import { series, sloLabels } from "./names.ts";

/** The labels that name one SLO on every series it records. */
export function sloIdLabels(slo: Slo): Record<string, string> {
  return {
    [sloLabels.id]: slo.id,
    [sloLabels.service]: slo.service,
    [sloLabels.slo]: slo.name,
  };
}

/** `{sloth_id="...",sloth_service="...",sloth_slo="..."}`, to pick one SLO's series. */
export function sloFilter(slo: Slo): string {
  const pairs = Object.entries(sloIdLabels(slo)).map(([k, v]) => `${k}="${v}"`);
  return `{${pairs.join(",")}}`;
}

/**
 * The share of bad events over `window`. Counters are summed over the whole window before
 * dividing, so every request weighs the same whatever the traffic was when it came (Pyrra's
 * approach); averaging short ratios would let a quiet night count as much as a busy day.
 * A service that never failed has no 5xx series at all, hence `or vector(0)` on the bad side.
 */
export function sliErrorRatio(slo: Slo, window: string): string {
  const { kind, events, total } = slo.indicator;
  const totalRate = `sum(rate(${total}[${window}]))`;
  if (kind === "bad") {
    return `(sum(rate(${events}[${window}])) or vector(0))\n/\n${totalRate}`;
  }
  return `1 - (\n  sum(rate(${events}[${window}]))\n  /\n  ${totalRate}\n)`;
}

/** The budget as PromQL arithmetic, so thresholds stay exact: `(1 - 0.999)`. */
export function errorBudgetExpr(slo: Slo): string {
  return `(1 - ${slo.objective})`;
}

/** A burn rate: the recorded error ratio of a window over the error budget. */
export function burnRateExpr(slo: Slo, window: string): string {
  const filter = sloFilter(slo);
  const on = [sloLabels.id, sloLabels.slo, sloLabels.service].join(", ");
  return (
    `${series.sliErrorRatio(window)}${filter}\n` +
    `/ on(${on}) group_left\n` +
    `${series.errorBudget}${filter}`
  );
}

export function currentBurnRateExpr(slo: Slo): string {
  return burnRateExpr(slo, currentWindow);
}

export function periodBurnRateExpr(slo: Slo): string {
  return burnRateExpr(slo, slo.period);
}

/** Fires when the SLI cannot be computed because no events are recorded at all. */
export function absentExpr(slo: Slo): string {
  return `absent(${slo.indicator.total})`;
}
