import { metricNames, targetLabels } from "../contract/telemetry.ts";
import type { LocalPrometheus } from "../prometheus/index.ts";
import type { Revision } from "./revision.ts";

/** The route the load generator calls; the charts follow user traffic, not scrapes. */
export const loadRoute = "/";

export interface RevisionSeries {
  role: "stable" | "new";
  hash: string;
  /** [ms since the start, success ratio 0..1] */
  successRate: [number, number][];
  /** [ms since the start, seconds] */
  p95: [number, number][];
  /** [ms since the start, requests per second] */
  requestRate: [number, number][];
}

/**
 * Reads, after the fact, what Prometheus recorded for each revision: success rate, p95 latency
 * and request rate over short windows, for the report's charts.
 */
export async function collectSeries(
  prometheus: LocalPrometheus,
  revisions: readonly Revision[],
  start: Date,
  end: Date,
  scrapeIntervalMs: number,
): Promise<RevisionSeries[]> {
  const hashLabel = targetLabels.podTemplateHash.label;
  const window = `${Math.max(4 * scrapeIntervalMs, 2000)}ms`;
  const step = Math.max(scrapeIntervalMs, (end.getTime() - start.getTime()) / 400) / 1000;
  const requests = `${metricNames.requestsTotal}{route="${loadRoute}"}`;
  const good = `${metricNames.requestsTotal}{route="${loadRoute}",code!~"5.."}`;
  const buckets = `${metricNames.requestDurationSeconds}_bucket{route="${loadRoute}"}`;
  const queries = {
    successRate:
      `sum by (${hashLabel}) (rate(${good}[${window}])) / ` +
      `sum by (${hashLabel}) (rate(${requests}[${window}]))`,
    p95: `histogram_quantile(0.95, sum by (${hashLabel}, le) (rate(${buckets}[${window}])))`,
    requestRate: `sum by (${hashLabel}) (rate(${requests}[${window}]))`,
  };

  const answers = await Promise.all(
    Object.values(queries).map((query) => prometheus.queryRange(query, start, end, step)),
  );
  return revisions.map((revision) => {
    const pick = (index: number): [number, number][] => {
      const matrix = answers[index]?.result as {
        metric: Record<string, string>;
        values: [number, string][];
      }[];
      const found = matrix?.find((entry) => entry.metric[hashLabel] === revision.hash);
      return (found?.values ?? [])
        .map(([time, value]): [number, number] => [
          Math.round(time * 1000 - start.getTime()),
          Number(value),
        ])
        .filter(([, value]) => Number.isFinite(value));
    };
    return {
      role: revision.role,
      hash: revision.hash,
      successRate: pick(0),
      p95: pick(1),
      requestRate: pick(2),
    };
  });
}
