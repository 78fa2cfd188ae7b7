import type { ConditionResult } from "./evaluate-condition.ts";

/** The `data` member of a Prometheus instant-query answer (/api/v1/query). */
export interface PrometheusQueryData {
  resultType: string;
  result: unknown;
}

export type MappedResult =
  | { ok: true; result: ConditionResult; display: string }
  | { ok: false; message: string };

/**
 * Maps a Prometheus answer to what a condition sees, as argo-rollouts'
 * metricproviders/prometheus does: a scalar is one float, a vector is the list of its sample
 * values in answer order (empty when nothing matched, never nil), and any other type (matrix,
 * string) is an Error measurement. `display` is upstream's measurement value text, e.g. "[0.98]".
 */
export function resultFromPrometheus(data: PrometheusQueryData): MappedResult {
  if (data.resultType === "scalar") {
    const value = sampleValue(data.result);
    return value === undefined
      ? { ok: false, message: "malformed scalar in the Prometheus answer" }
      : { ok: true, result: value, display: formatFloat(value) };
  }
  if (data.resultType === "vector" && Array.isArray(data.result)) {
    const values: number[] = [];
    for (const sample of data.result as unknown[]) {
      const value = sampleValue((sample as { value?: unknown } | null)?.value);
      if (value === undefined) {
        return { ok: false, message: "malformed sample in the Prometheus answer" };
      }
      values.push(value);
    }
    return { ok: true, result: values, display: `[${values.map(formatFloat).join(",")}]` };
  }
  return { ok: false, message: "Prometheus metric type not supported" };
}

/** A sample is `[unixSeconds, "value"]`, the value a string so NaN and ±Inf survive JSON. */
function sampleValue(pair: unknown): number | undefined {
  if (!Array.isArray(pair) || typeof pair[1] !== "string") {
    return undefined;
  }
  const text = pair[1];
  if (text === "NaN") {
    return Number.NaN;
  }
  if (text === "+Inf" || text === "-Inf") {
    return text === "+Inf" ? Infinity : -Infinity;
  }
  const value = Number(text);
  return Number.isNaN(value) ? undefined : value;
}

/** Go's float formatting of special values, so reports read like the upstream status. */
export function formatFloat(value: number): string {
  if (Number.isNaN(value)) {
    return "NaN";
  }
  if (!Number.isFinite(value)) {
    return value > 0 ? "+Inf" : "-Inf";
  }
  return String(value);
}
