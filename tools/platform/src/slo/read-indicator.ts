import { durationBuckets, requestLabels, targetLabels } from "../contract/telemetry.ts";
import { parsePromql } from "../promql/index.ts";
import type { RatioIndicator } from "./model.ts";
import { parseSelector } from "./selector.ts";
import { asRecord, describe, type Report } from "./spec-values.ts";

/**
 * Labels a query may select on: the scrape contract, the request labels and the histogram's
 * `le`. Anything else would match in one place (a rehearsal, a cluster) and not the other.
 */
const selectableLabels = new Set<string>([
  ...Object.values(targetLabels).map((entry) => entry.label),
  ...requestLabels,
  "le",
]);

/**
 * Reads an SLI's `spec` (inline under an SLO's `spec.indicator`, or an SLI document's own)
 * at `base`. Only counter ratios are supported: the rules sum counters over each window.
 */
export function readIndicatorSpec(
  value: unknown,
  base: string,
  report: Report,
): RatioIndicator | undefined {
  const spec = asRecord(value);
  const ratio = asRecord(spec?.ratioMetric);
  if (ratio === undefined) {
    const found =
      spec?.thresholdMetric !== undefined
        ? "thresholdMetric (threshold SLIs are not supported)"
        : describe(spec === undefined ? value : Object.keys(spec));
    report(base, `expected ratioMetric with good or bad, and total, found ${found}`);
    return undefined;
  }

  const field = `${base}.ratioMetric`;
  if (ratio.raw !== undefined) {
    report(
      `${field}.raw`,
      "expected good or bad, and total (a precomputed ratio cannot be weighted by " +
        "requests over a window), found raw",
    );
    return undefined;
  }
  if (ratio.counter !== true) {
    report(
      `${field}.counter`,
      `expected true (the SLI is built from counters), found ${describe(ratio.counter)}`,
    );
  }

  const hasBad = ratio.bad !== undefined;
  const hasGood = ratio.good !== undefined;
  if (hasBad === hasGood) {
    report(field, "expected exactly one of good or bad");
    return undefined;
  }
  const kind = hasBad ? "bad" : "good";
  const events = readQuery(ratio[kind], `${field}.${kind}`, report);
  const total = readQuery(ratio.total, `${field}.total`, report);
  if (events === undefined || total === undefined) {
    return undefined;
  }
  return { kind, events, total };
}

function readQuery(value: unknown, field: string, report: Report): string | undefined {
  const source = asRecord(asRecord(value)?.metricSource);
  if (source?.type !== "Prometheus") {
    report(`${field}.metricSource.type`, `expected Prometheus, found ${describe(source?.type)}`);
    return undefined;
  }
  const queryField = `${field}.metricSource.spec.query`;
  const query = asRecord(source.spec)?.query;
  if (typeof query !== "string" || query.trim() === "") {
    const found =
      asRecord(query) !== undefined
        ? "a YAML mapping (quote a query that starts with {)"
        : describe(query);
    report(queryField, `expected a PromQL series selector, found ${found}`);
    return undefined;
  }

  const parsed = parsePromql(query);
  if (!parsed.ok) {
    report(queryField, `could not parse PromQL at offset ${parsed.offset}: ${parsed.message}`);
    return undefined;
  }
  const selector = parseSelector(query);
  if (selector === undefined) {
    report(
      queryField,
      `expected a plain series selector such as metric{label="value"}, found ${query.trim()}`,
    );
    return undefined;
  }
  for (const matcher of selector.matchers) {
    if (!selectableLabels.has(matcher.label)) {
      const allowed = [...selectableLabels].join(", ");
      report(
        queryField,
        `expected labels of the scrape contract (${allowed}), found ${matcher.label}`,
      );
      return undefined;
    }
    if (matcher.label === "le" && !isBucketBound(matcher)) {
      const bounds = durationBuckets.join(", ");
      const found = `le${matcher.op}"${matcher.value}"`;
      report(queryField, `expected le="<a bucket bound>" (${bounds}), found ${found}`);
      return undefined;
    }
  }
  return query.trim();
}

/**
 * A threshold between two bounds would need interpolation, and a bound written differently
 * from the exposition ("0.50") matches no series. Prometheus 3 writes whole bounds as "1.0".
 */
function isBucketBound(matcher: { op: string; value: string }): boolean {
  const written = durationBuckets.flatMap((bound) =>
    Number.isInteger(bound) ? [String(bound), bound.toFixed(1)] : [String(bound)],
  );
  return matcher.op === "=" && written.includes(matcher.value);
}
