import type { MeasurementPhase } from "./measurement.ts";

/**
 * Defaults from the AnalysisTemplate spec (argo-rollouts pkg/apis/rollouts/v1alpha1 and
 * analysis/analysis.go): failureLimit 0 and inconclusiveLimit 0 (the first Failed or
 * Inconclusive measurement decides), consecutiveErrorLimit 4.
 */
export const metricDefaults = {
  failureLimit: 0,
  inconclusiveLimit: 0,
  consecutiveErrorLimit: 4,
} as const;

export interface MetricLimits {
  failureLimit: number;
  inconclusiveLimit: number;
  consecutiveErrorLimit: number;
  /**
   * How many measurements complete the metric: `count` when set; 1 when neither count nor
   * interval is set; undefined (runs until the analysis is terminated) with only an interval.
   */
  effectiveCount: number | undefined;
}

/** The phase of a metric or of a whole analysis run. */
export type MetricPhase = "Running" | "Successful" | "Failed" | "Inconclusive" | "Error";

export interface MetricTally {
  count: number;
  successful: number;
  failed: number;
  inconclusive: number;
  error: number;
  consecutiveError: number;
}

export function emptyTally(): MetricTally {
  return { count: 0, successful: 0, failed: 0, inconclusive: 0, error: 0, consecutiveError: 0 };
}

/** upstream's EffectiveCount: neither count nor interval means a single measurement. */
export function effectiveCount(
  count: number | undefined,
  interval: string | undefined,
): number | undefined {
  if (count === undefined || count === 0) {
    return interval ? undefined : 1;
  }
  return count;
}

/**
 * Adds one measurement to the tally. An Error does not count towards `count`: upstream retries
 * it, and only a run of consecutive errors ends the metric.
 */
export function recordMeasurement(tally: MetricTally, phase: MeasurementPhase): MetricTally {
  const next = { ...tally };
  if (phase === "Error") {
    next.error++;
    next.consecutiveError++;
    return next;
  }
  next.count++;
  next.consecutiveError = 0;
  if (phase === "Successful") {
    next.successful++;
  } else if (phase === "Failed") {
    next.failed++;
  } else {
    next.inconclusive++;
  }
  return next;
}

export interface MetricAssessment {
  phase: MetricPhase;
  /** Why it ended, as upstream words it (e.g. "failed (1) > failureLimit (0)"). */
  message: string;
}

/**
 * The phase of a metric after its latest measurement, in upstream's order
 * (analysis/analysis.go assessMetricStatus): too many failures, then too many inconclusives,
 * then too many consecutive errors, then the count reached; otherwise it keeps running, and a
 * terminated run (the rollout moved on) counts as Successful.
 */
export function assessMetric(
  limits: MetricLimits,
  tally: MetricTally,
  terminating = false,
): MetricAssessment {
  if (tally.failed > limits.failureLimit) {
    return {
      phase: "Failed",
      message: `failed (${tally.failed}) > failureLimit (${limits.failureLimit})`,
    };
  }
  if (tally.inconclusive > limits.inconclusiveLimit) {
    return {
      phase: "Inconclusive",
      message:
        `inconclusive (${tally.inconclusive}) > ` +
        `inconclusiveLimit (${limits.inconclusiveLimit})`,
    };
  }
  if (tally.consecutiveError > limits.consecutiveErrorLimit) {
    return {
      phase: "Error",
      message:
        `consecutiveErrors (${tally.consecutiveError}) > ` +
        `consecutiveErrorLimit (${limits.consecutiveErrorLimit})`,
    };
  }
  if (limits.effectiveCount !== undefined && tally.count >= limits.effectiveCount) {
    return { phase: "Successful", message: `count (${limits.effectiveCount}) reached` };
  }
  if (terminating) {
    return { phase: "Successful", message: "run terminated" };
  }
  return { phase: "Running", message: "" };
}

/**
 * The run's phase is the worst of its completed metrics (upstream analysisutil.IsWorse:
 * Successful < Inconclusive < Error < Failed); any metric still running keeps it Running.
 */
export function worstPhase(phases: readonly MetricPhase[]): MetricPhase {
  const order: MetricPhase[] = ["Successful", "Inconclusive", "Error", "Failed"];
  if (phases.includes("Running")) {
    return "Running";
  }
  return phases.reduce<MetricPhase>(
    (worst, phase) => (order.indexOf(phase) > order.indexOf(worst) ? phase : worst),
    "Successful",
  );
}
