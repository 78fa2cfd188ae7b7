import { formatLabels, formatValue } from "./exposition.ts";
import { durationBuckets } from "./names.ts";

/**
 * One (method, route, code) combination: the request counter and the duration histogram share
 * it, since every request increments both. Resolved once per combination and kept, so recording
 * a request costs a few number updates and no allocation (prom-client hashes the label object
 * on every call, which cost about a fifth of a bare server's throughput here).
 */
export class RequestSeries {
  /** `method="GET",route="/",code="200"`, rendered once. */
  readonly labels: string;
  count = 0;
  sum = 0;
  /** Non-cumulative counts per bucket; index i counts observations in (bound[i-1], bound[i]]. */
  readonly buckets = new Float64Array(durationBuckets.length);

  constructor(method: string, route: string, code: number) {
    this.labels = formatLabels({ method, route, code: String(code) });
  }

  observe(seconds: number): void {
    this.count++;
    this.sum += seconds;

    for (let i = 0; i < durationBuckets.length; i++) {
      if (seconds <= (durationBuckets[i] as number)) {
        (this.buckets[i] as number)++;
        return;
      }
    }
  }

  /** The cumulative `le` buckets, `+Inf` included, as exposition lines for one histogram. */
  bucketLines(name: string): string {
    let lines = "";
    let cumulative = 0;
    for (let i = 0; i < durationBuckets.length; i++) {
      cumulative += this.buckets[i] as number;
      const le = formatValue(durationBuckets[i] as number);
      lines += `${name}_bucket{${this.labels},le="${le}"} ${cumulative}\n`;
    }
    return `${lines}${name}_bucket{${this.labels},le="+Inf"} ${this.count}\n`;
  }
}

/**
 * The request series of one route template, keyed by method then status code. Methods are
 * bounded because Node's HTTP parser (llhttp) accepts only the methods it knows, and codes are
 * the few the service sends, so the table stays small whatever clients send.
 */
export class RouteSeries {
  readonly route: string;
  readonly #byMethod = new Map<string, Map<number, RequestSeries>>();
  readonly #onCreate: (series: RequestSeries) => void;

  constructor(route: string, onCreate: (series: RequestSeries) => void) {
    this.route = route;
    this.#onCreate = onCreate;
  }

  get(method: string, code: number): RequestSeries {
    let byCode = this.#byMethod.get(method);
    if (byCode === undefined) {
      byCode = new Map();
      this.#byMethod.set(method, byCode);
    }

    let series = byCode.get(code);
    if (series === undefined) {
      series = new RequestSeries(method, this.route, code);
      byCode.set(code, series);
      this.#onCreate(series);
    }
    return series;
  }
}
