import { parseGoDuration } from "./go-duration.ts";

/** Something upstream's metric validation refuses: the metric (by index), the field and why. */
export interface MetricSpecProblem {
  /** The metric's index in `spec.metrics`; undefined for a problem of the list itself. */
  index: number | undefined;
  /** The field of the metric at fault (or `metrics` for the list). */
  field: string;
  message: string;
}

/** The providers Argo Rollouts knows; `plugin` counts once per plugin it names. */
const PROVIDERS = [
  "prometheus",
  "job",
  "web",
  "wavefront",
  "kayenta",
  "datadog",
  "newRelic",
  "cloudWatch",
  "graphite",
  "influxdb",
  "skywalking",
];

/**
 * The checks Argo Rollouts runs on a run's metrics before the first measurement
 * (utils/analysis/factory.go ValidateMetrics). A run that fails them ends in Error at once
 * ("analysis spec invalid"), which aborts the rollout: a template that would fail them never
 * measures anything. Every problem is returned, not only the first as upstream does. A value
 * still holding an `{{args.x}}` placeholder is known only when the run starts, and is skipped.
 */
export function metricSpecProblems(metrics: readonly unknown[]): MetricSpecProblem[] {
  if (metrics.length === 0) {
    return [{ index: undefined, field: "metrics", message: "expected at least one metric" }];
  }
  const problems: MetricSpecProblem[] = [];
  const seen = new Set<unknown>();
  metrics.forEach((metric, index) => {
    if (typeof metric !== "object" || metric === null || Array.isArray(metric)) {
      return;
    }
    const fields = metric as Record<string, unknown>;
    if (seen.has(fields.name)) {
      problems.push({
        index,
        field: "name",
        message: `expected unique metric names, found ${JSON.stringify(fields.name)} twice`,
      });
    }
    seen.add(fields.name);
    for (const { field, message } of oneMetric(fields)) {
      problems.push({ index, field, message });
    }
  });
  return problems;
}

function oneMetric(metric: Record<string, unknown>): { field: string; message: string }[] {
  const problems: { field: string; message: string }[] = [];
  const refuse = (field: string, message: string) => problems.push({ field, message });

  const count = intOrString(metric.count);
  const failureLimit = intOrString(metric.failureLimit);
  const successLimit = intOrString(metric.consecutiveSuccessLimit);
  const inconclusiveLimit = intOrString(metric.inconclusiveLimit);
  const errorLimit = intOrString(metric.consecutiveErrorLimit);

  if (successLimit !== undefined && successLimit < 0) {
    refuse("consecutiveSuccessLimit", `expected 0 or more, found ${successLimit}`);
  }
  if (failureLimit !== undefined && failureLimit < -1) {
    refuse("failureLimit", `expected 0 or more, or -1 to disable it, found ${failureLimit}`);
  }
  if (failureLimit === -1 && (successLimit ?? 0) === 0) {
    refuse(
      "failureLimit",
      "expected failureLimit or consecutiveSuccessLimit to be enabled, found both disabled " +
        "(failureLimit -1, consecutiveSuccessLimit 0)",
    );
  }
  if (inconclusiveLimit !== undefined && inconclusiveLimit < 0) {
    refuse("inconclusiveLimit", `expected 0 or more, found ${inconclusiveLimit}`);
  }
  if (errorLimit !== undefined && errorLimit < 0) {
    refuse("consecutiveErrorLimit", `expected 0 or more, found ${errorLimit}`);
  }

  // A run needs room to reach its limits: upstream refuses a count below what they add up to.
  if (count !== undefined && count > 0) {
    const failures = failureLimit ?? 0;
    const successes = successLimit ?? 0;
    const needed = successes >= 0 && failures >= 0 ? failures + successes : successes;
    if (successes >= 0 && count < needed) {
      refuse(
        "count",
        `expected at least failureLimit + consecutiveSuccessLimit (${needed}), found ${count}`,
      );
    }
    if (inconclusiveLimit !== undefined && count < inconclusiveLimit) {
      refuse("count", `expected at least inconclusiveLimit (${inconclusiveLimit}), found ${count}`);
    }
  }
  const interval = typeof metric.interval === "string" ? metric.interval : "";
  if (count !== undefined && count > 1 && interval === "") {
    refuse("interval", `expected an interval, since count is ${count}, found none`);
  }
  for (const field of ["interval", "initialDelay"]) {
    const text = metric[field];
    if (typeof text === "string" && text !== "" && !text.includes("{{")) {
      if (parseGoDuration(text) === undefined) {
        refuse(field, `expected a duration such as 30s or 1m, found ${JSON.stringify(text)}`);
      }
    }
  }

  const providers = providerCount(metric.provider);
  if (providers !== 1) {
    refuse(
      "provider",
      providers === 0
        ? "expected one provider (prometheus, job, web, ...), found none"
        : `expected one provider, found ${providers}`,
    );
  }
  return problems;
}

/** An IntOrString limit as upstream's IntValue reads it; undefined when absent or templated. */
function intOrString(value: unknown): number | undefined {
  if (typeof value === "number" && Number.isInteger(value)) {
    return value;
  }
  if (typeof value === "string" && /^[+-]?\d+$/.test(value.trim())) {
    return Number(value.trim());
  }
  return undefined;
}

function providerCount(provider: unknown): number {
  if (typeof provider !== "object" || provider === null || Array.isArray(provider)) {
    return 0;
  }
  const fields = provider as Record<string, unknown>;
  const named = PROVIDERS.filter((name) => fields[name] !== undefined && fields[name] !== null);
  const plugins = fields.plugin;
  const pluginCount =
    typeof plugins === "object" && plugins !== null ? Object.keys(plugins).length : 0;
  return named.length + pluginCount;
}
