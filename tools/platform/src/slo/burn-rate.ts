import { parseDuration } from "./duration.ts";
import { type AlertName, alertNames, type Severity, severities } from "./names.ts";

/** One long and short window pair of a multi-window multi-burn-rate alert. */
export interface BurnWindow {
  long: string;
  short: string;
  /** How many times faster than the budget allows; both windows must burn above it. */
  factor: number;
}

export interface BurnAlert {
  name: AlertName;
  severity: Severity;
  /** Either pair firing fires the alert. */
  windows: readonly [BurnWindow, BurnWindow];
}

/**
 * The SRE workbook's table for a 30-day SLO (chapter "Alerting on SLOs", table 5-8), with the
 * 1d/2h pair Sloth adds for tickets: page when 2% of the budget goes in an hour or 5% in six
 * hours, ticket when 10% goes in a day or in three days. The short window (1/12 of the long one)
 * makes the alert stop soon after the burn stops.
 */
export const burnAlerts: readonly BurnAlert[] = [
  {
    name: alertNames.burnFast,
    severity: severities.page,
    windows: [
      { long: "1h", short: "5m", factor: 14.4 },
      { long: "6h", short: "30m", factor: 6 },
    ],
  },
  {
    name: alertNames.burnSlow,
    severity: severities.ticket,
    windows: [
      { long: "1d", short: "2h", factor: 3 },
      { long: "3d", short: "6h", factor: 1 },
    ],
  },
];

/** The windows the SLI is recorded over for alerts, shortest first; the period is added apart. */
export const alertWindows: readonly string[] = [
  ...new Set(
    burnAlerts.flatMap((alert) => alert.windows.flatMap((pair) => [pair.short, pair.long])),
  ),
].sort((a, b) => (parseDuration(a) ?? 0) - (parseDuration(b) ?? 0));

/** The short window the current burn rate is read from (Sloth uses the page alert's). */
export const currentWindow = "5m";

/** How long missing SLI data must last before the absent alert fires. */
export const absentFor = "10m";

/** Share of the period's budget a burn at `factor` spends during `window`. */
export function budgetConsumed(factor: number, windowSeconds: number, periodSeconds: number) {
  return (factor * windowSeconds) / periodSeconds;
}

/**
 * Seconds a total outage (every request failing) takes to fire a pair, from a clean history:
 * a window of length w reaches factor * budget after w * factor * budget seconds, so the long
 * window is the last of the two to cross.
 */
export function outageDetectionSeconds(pair: BurnWindow, errorBudget: number): number {
  return (parseDuration(pair.long) ?? 0) * pair.factor * errorBudget;
}
