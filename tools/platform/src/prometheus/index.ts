export { findPrometheus, installHint, MissingBinaryError } from "./find-binary.ts";
export { freePort } from "./free-port.ts";
export {
  LocalPrometheus,
  type LocalPrometheusOptions,
  PrometheusQueryError,
  PrometheusStartError,
  type QueryAnswer,
} from "./local-prometheus.ts";
export { prometheusConfig, type ScrapeTarget, targetsFileContent } from "./scrape-config.ts";
