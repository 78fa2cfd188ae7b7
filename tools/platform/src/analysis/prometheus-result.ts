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
 * values in answer order (empty when nothing matched, never nil), a matrix is every sample of
 * every series one after the other, and a string is an Error measurement. `display` is
 * upstream's measurement value text, e.g. "[0.98]".
 */
export function resultFromPrometheus(data: PrometheusQueryData): MappedResult {
  if (data.resultType === "scalar") {
    const value = sampleValue(data.result);
    return value === undefined
      ? { ok: false, message: "malformed scalar in the Prometheus answer" }
      : { ok: true, result: value, display: formatFloat(value) };
  }
  const pairs = samplePairs(data);
  if (pairs !== undefined) {
    const values: number[] = [];
    for (const pair of pairs) {
      const value = sampleValue(pair);
      if (value === undefined) {
        return { ok: false, message: "malformed sample in the Prometheus answer" };
      }
      values.push(value);
    }
    return { ok: true, result: values, display: `[${values.map(formatFloat).join(",")}]` };
  }
  return { ok: false, message: "Prometheus metric type not supported" };
}

/** The `[time, "value"]` pairs of a vector (one per series) or a matrix (all, series by series). */
function samplePairs(data: PrometheusQueryData): unknown[] | undefined {
  if (!Array.isArray(data.result)) {
    return undefined;
  }
  const series = data.result as ({ value?: unknown; values?: unknown } | null)[];
  if (data.resultType === "vector") {
    return series.map((sample) => sample?.value);
  }
  if (data.resultType === "matrix") {
    return series.flatMap((sample) =>
      Array.isArray(sample?.values) ? sample.values : [undefined],
    );
  }
  return undefined;
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
  return goDecimal(value);
}

/**
 * prometheus/common's SampleValue.String is strconv.FormatFloat(v, 'f', -1, 64): the shortest
 * digits that read back the same, never an exponent (JavaScript writes 1e-7 and 2.5e+21).
 */
function goDecimal(value: number): string {
  const text = String(value);
  const match = /^(-?)(\d)(?:\.(\d+))?e([+-]\d+)$/.exec(text);
  if (match === null) {
    return text;
  }
  const [, sign, lead, rest = "", exponentText] = match;
  const digits = `${lead}${rest}`;
  const point = 1 + Number(exponentText);
  if (point <= 0) {
    return `${sign}0.${"0".repeat(-point)}${digits}`;
  }
  if (point >= digits.length) {
    return `${sign}${digits}${"0".repeat(point - digits.length)}`;
  }
  return `${sign}${digits.slice(0, point)}.${digits.slice(point)}`;
}
