import { familyHeader, formatLabels } from "./exposition.ts";
import { metricNames } from "./names.ts";
import type { ProcessMetrics } from "./process-metrics.ts";
import { type RequestSeries, RouteSeries } from "./request-series.ts";

export interface BuildInfo {
  version: string;
  commit: string;
  color: string;
  runtime: string;
}

/**
 * Every series the service exposes. The request series are kept here as plain numbers and
 * rendered at scrape time; the process metrics come from prom-client.
 */
export class ServiceMetrics {
  /** `http_requests_in_flight`: incremented when a request arrives, decremented when answered. */
  inFlight = 0;
  readonly #series: RequestSeries[] = [];
  readonly #routes = new Map<string, RouteSeries>();
  readonly #buildInfo: string;
  readonly #processMetrics: Promise<ProcessMetrics>;

  constructor(buildInfo: BuildInfo, processMetrics: Promise<ProcessMetrics>) {
    this.#buildInfo = formatLabels({ ...buildInfo });
    this.#processMetrics = processMetrics;
  }

  /** The series table of one route template; callers keep it rather than look it up. */
  route(template: string): RouteSeries {
    let route = this.#routes.get(template);
    if (route === undefined) {
      route = new RouteSeries(template, (series) => this.#series.push(series));
      this.#routes.set(template, route);
    }
    return route;
  }

  async render(): Promise<string> {
    const processText = await (await this.#processMetrics).render();
    return this.renderRequestSeries() + processText;
  }

  renderRequestSeries(): string {
    const { requestsTotal, requestDurationSeconds, requestsInFlight, buildInfo } = metricNames;
    let counter = familyHeader(requestsTotal, "counter", "HTTP requests answered.");
    let histogram = familyHeader(
      requestDurationSeconds,
      "histogram",
      "Time from a request's arrival to its answer, in seconds.",
    );

    for (const series of this.#series) {
      counter += `${requestsTotal}{${series.labels}} ${series.count}\n`;
      histogram += series.bucketLines(requestDurationSeconds);
      histogram += `${requestDurationSeconds}_sum{${series.labels}} ${series.sum}\n`;
      histogram += `${requestDurationSeconds}_count{${series.labels}} ${series.count}\n`;
    }

    return (
      counter +
      histogram +
      familyHeader(requestsInFlight, "gauge", "HTTP requests being answered.") +
      `${requestsInFlight} ${this.inFlight}\n` +
      familyHeader(buildInfo, "gauge", "Always 1; the labels say which build is running.") +
      `${buildInfo}{${this.#buildInfo}} 1\n`
    );
  }
}
