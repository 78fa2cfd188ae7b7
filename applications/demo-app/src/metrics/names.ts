/**
 * The names of every series the demo service exposes. Analysis templates, SLO rules, dashboards
 * and the rehearsal select on these, so they are written here once and imported everywhere.
 */
export const metricNames = {
  requestsTotal: "http_requests_total",
  requestDurationSeconds: "http_request_duration_seconds",
  requestsInFlight: "http_requests_in_flight",
  buildInfo: "demo_app_build_info",
} as const;

/** Labels on the request series: the route template, never the raw path. */
export const requestLabels = ["method", "route", "code"] as const;

/**
 * Bucket bounds of the duration histogram, in seconds. Analysis and SLO thresholds must sit on
 * one of these (0.1, 0.25, 0.5 and 1 among them), since a quantile between bounds is interpolated.
 */
export const durationBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] as const;

/** The `route` value shared by every path the service does not know, to keep series bounded. */
export const unknownRoute = "unmatched";

/** Labels on the build-info gauge (always 1): what is running, for dashboards and joins. */
export const buildInfoLabels = ["version", "commit", "color", "runtime"] as const;
