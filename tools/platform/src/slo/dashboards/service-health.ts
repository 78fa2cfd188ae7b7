import {
  type Dashboard,
  QueryVariableBuilder,
  RowBuilder,
  VariableRefresh,
} from "@grafana/grafana-foundation-sdk/dashboard";
import { metricNames, targetLabels } from "../../contract/telemetry.ts";
import { dashboards } from "../names.ts";
import { datasource, newDashboard, type PanelQuery, timeseries } from "./panels.ts";

/** Dashboard variables the service-health queries read. */
export const serviceVariables = { namespace: "namespace", app: "app" } as const;

/** Grafana's own rate window variable: at least four scrape intervals. */
export const rateInterval = "$__rate_interval";

const { namespace, app, version, podTemplateHash, pod } = targetLabels;
const inNamespace = `${namespace.label}="$${serviceVariables.namespace}"`;
const select = `${app.label}="$${serviceVariables.app}",${inNamespace}`;
const requests = `${metricNames.requestsTotal}{${select}}`;
const errors = `${metricNames.requestsTotal}{${select},code=~"5.."}`;
const buckets = `${metricNames.requestDurationSeconds}_bucket{${select}}`;
const inFlight = `${metricNames.requestsInFlight}{${select}}`;
const revision = `${version.label}, ${podTemplateHash.label}`;
const revisionLegend = `{{${version.label}}} ({{${podTemplateHash.label}}})`;

const rate = (selector: string) => `rate(${selector}[${rateInterval}])`;

function quantile(q: number, by: string[] = []): string {
  return `histogram_quantile(${q}, sum by (${["le", ...by].join(", ")}) (${rate(buckets)}))`;
}

function errorRatio(by: string[] = []): PanelQuery["expr"] {
  const group = by.length > 0 ? ` by (${by.join(", ")})` : "";
  if (by.length === 0) {
    return `(sum(${rate(errors)}) or vector(0))\n/\nsum(${rate(requests)})`;
  }
  // A revision without errors has no 5xx series: fill it with 0 from the total's labels.
  return (
    `(sum${group} (${rate(errors)}) or (0 * sum${group} (${rate(requests)})))\n/\n` +
    `sum${group} (${rate(requests)})`
  );
}

/**
 * The RED view of one service straight from its own series: rate, errors, duration, plus
 * requests in flight; the second row splits by version and revision so a canary shows beside
 * the stable release.
 */
export function serviceHealth(): Dashboard {
  const { uid, title } = dashboards.serviceHealth;
  const byRevision = [version.label, podTemplateHash.label];
  return newDashboard(uid, title, "Request rate, errors, latency and saturation of a service.")
    .withVariable(
      new QueryVariableBuilder(serviceVariables.namespace)
        .label("Namespace")
        .datasource(datasource)
        .query(`label_values(${metricNames.requestsTotal}, ${namespace.label})`)
        .refresh(VariableRefresh.OnTimeRangeChanged),
    )
    .withVariable(
      new QueryVariableBuilder(serviceVariables.app)
        .label("App")
        .datasource(datasource)
        .query(`label_values(${metricNames.requestsTotal}{${inNamespace}}, ${app.label})`)
        .refresh(VariableRefresh.OnTimeRangeChanged),
    )
    .withRow(new RowBuilder("Service"))
    .withPanel(
      timeseries("Request rate by code", "reqps", [
        { expr: `sum by (code) (${rate(requests)})`, legend: "{{code}}" },
      ]),
    )
    .withPanel(
      timeseries("Error ratio (5xx)", "percentunit", [{ expr: errorRatio(), legend: "5xx" }]),
    )
    .withPanel(
      timeseries("Latency", "s", [
        { expr: quantile(0.5), legend: "p50" },
        { expr: quantile(0.95), legend: "p95" },
        { expr: quantile(0.99), legend: "p99" },
      ]),
    )
    .withPanel(
      timeseries("Requests in flight", "none", [
        { expr: `sum by (${pod.label}) (${inFlight})`, legend: `{{${pod.label}}}` },
      ]),
    )
    .withRow(new RowBuilder("Per version and revision"))
    .withPanel(
      timeseries(
        "Request rate by revision",
        "reqps",
        [{ expr: `sum by (${revision}) (${rate(requests)})`, legend: revisionLegend }],
        8,
      ),
    )
    .withPanel(
      timeseries(
        "Error ratio by revision",
        "percentunit",
        [{ expr: errorRatio(byRevision), legend: revisionLegend }],
        8,
      ),
    )
    .withPanel(
      timeseries(
        "p95 latency by revision",
        "s",
        [{ expr: quantile(0.95, byRevision), legend: revisionLegend }],
        8,
      ),
    )
    .build();
}
