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

/** A pair as the table defines it: the share of the period's budget its long window spends. */
interface BurnPair {
  long: string;
  short: string;
  budgetConsumed: number;
}

/**
 * The SRE workbook's table (chapter "Alerting on SLOs", table 5-8), with the 1d/2h pair Sloth
 * adds for tickets: page when 2% of the budget goes in an hour or 5% in six hours, ticket when
 * 10% goes in a day or in three days. The short window (1/12 of the long one) makes the alert
 * stop soon after the burn stops.
 */
const burnTable: readonly {
  name: AlertName;
  severity: Severity;
  windows: readonly [BurnPair, BurnPair];
}[] = [
  {
    name: alertNames.burnFast,
    severity: severities.page,
    windows: [
      { long: "1h", short: "5m", budgetConsumed: 0.02 },
      { long: "6h", short: "30m", budgetConsumed: 0.05 },
    ],
  },
  {
    name: alertNames.burnSlow,
    severity: severities.ticket,
    windows: [
      { long: "1d", short: "2h", budgetConsumed: 0.1 },
      { long: "3d", short: "6h", budgetConsumed: 0.1 },
    ],
  },
];

/**
 * The alerts for an SLO over `periodSeconds`: each factor spends the table's share of the
 * budget in its long window, so 14.4, 6, 3 and 1 over 30 days and 13.44, 5.6, 2.8 and 0.93
 * over 28 days, as Sloth computes them (slok/sloth internal/alert/window.go).
 */
export function burnAlertsFor(periodSeconds: number): readonly BurnAlert[] {
  const factor = (pair: BurnPair) => {
    const exact = (pair.budgetConsumed * periodSeconds) / (parseDuration(pair.long) ?? 1);
    // Twelve digits hide float noise (0.05 * 2592000 / 21600 is 6.000000000000001).
    return Number(exact.toPrecision(12));
  };
  return burnTable.map((alert) => ({
    name: alert.name,
    severity: alert.severity,
    windows: [
      {
        long: alert.windows[0].long,
        short: alert.windows[0].short,
        factor: factor(alert.windows[0]),
      },
      {
        long: alert.windows[1].long,
        short: alert.windows[1].short,
        factor: factor(alert.windows[1]),
      },
    ],
  }));
}

/** The windows the SLI is recorded over for alerts, shortest first; the period is added apart. */
export const alertWindows: readonly string[] = [
  ...new Set(
    burnTable.flatMap((alert) => alert.windows.flatMap((pair) => [pair.short, pair.long])),
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
