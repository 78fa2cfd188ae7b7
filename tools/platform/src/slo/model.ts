/** One SLO as the generators see it, after its spec file was read and checked. */
export interface Slo {
  /** The spec file, relative to the repository root, for messages and the docs. */
  file: string;
  /** `metadata.name`: unique across specs, Sloth's `sloth_id`. */
  id: string;
  /** `spec.service`: Sloth's `sloth_service`. */
  service: string;
  /** The name inside the service (the id without a leading `<service>-`): `sloth_slo`. */
  name: string;
  displayName: string;
  description: string;
  /** Share of good events the SLO promises, strictly between 0 and 1. */
  objective: number;
  /** The rolling window, e.g. "30d", and its length in seconds. */
  period: string;
  periodSeconds: number;
  /**
   * The spec's period in seconds, which the burn-rate factors are scaled to; a test that
   * shortens the period keeps the alerts of the spec.
   */
  alertPeriodSeconds: number;
  indicator: RatioIndicator;
}

/**
 * A ratio SLI over counters: either bad events or good events, against all events. Both are
 * plain series selectors; the generators wrap them in `sum(rate(...[window]))`.
 */
export interface RatioIndicator {
  kind: "bad" | "good";
  /** Selector of the bad (or good) events counter. */
  events: string;
  /** Selector of the counter of all events. */
  total: string;
}

/**
 * The same SLO over another rolling window; tests shorten the period to minutes so the
 * budget over the whole period can be checked against a short run.
 */
export function withPeriod(slo: Slo, period: string, periodSeconds: number): Slo {
  return { ...slo, period, periodSeconds };
}
