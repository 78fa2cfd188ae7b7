import { isRecord, objectRef } from "../../../manifests/objects.ts";
import type { FieldPath, JsonFile, ObjectRef, SourceRef, ValidationInput } from "../../model.ts";
import {
  GRAFANA_DURATION,
  GRAFANA_VARIABLE,
  ROLLOUTS_ARGUMENT,
  substitute,
} from "./placeholders.ts";

/** One PromQL expression of the repository, ready to parse, with where it was written. */
export interface Query {
  /** The expression with template variables replaced by stand-ins. */
  expr: string;
  /** What it is, for the message: "metric success-rate", "rule SloBurn", "panel Latency". */
  label: string;
  source: SourceRef;
  object?: ObjectRef;
}

export interface QueryProblem {
  message: string;
  source: SourceRef;
  object?: ObjectRef;
}

/** Every PromQL expression: analysis queries, rule expressions, dashboard targets. */
export function collectQueries(input: ValidationInput): {
  queries: Query[];
  problems: QueryProblem[];
} {
  const queries: Query[] = [];
  const problems: QueryProblem[] = [];

  for (const manifest of input.manifests) {
    const { object } = manifest;
    const spec = isRecord(object.spec) ? object.spec : {};
    const ref = objectRef(manifest);

    if (object.kind === "AnalysisTemplate" || object.kind === "ClusterAnalysisTemplate") {
      list(spec.metrics).forEach((metric, index) => {
        const prometheus =
          isRecord(metric) && isRecord(metric.provider) ? metric.provider.prometheus : undefined;
        if (isRecord(prometheus) && typeof prometheus.query === "string") {
          queries.push({
            expr: substitute(prometheus.query, ROLLOUTS_ARGUMENT),
            label: `metric ${String(isRecord(metric) ? metric.name : index)}`,
            source: manifest.locate(["spec", "metrics", index, "provider", "prometheus", "query"]),
            object: ref,
          });
        }
      });
    }

    if (object.kind === "PrometheusRule") {
      list(spec.groups).forEach((group, g) => {
        list(isRecord(group) ? group.rules : undefined).forEach((rule, r) => {
          if (!isRecord(rule) || (typeof rule.expr !== "string" && typeof rule.expr !== "number")) {
            return;
          }
          const name = rule.record ?? rule.alert ?? `${g}.${r}`;
          queries.push({
            expr: String(rule.expr),
            label: `rule ${String(name)}`,
            source: manifest.locate(["spec", "groups", g, "rules", r, "expr"]),
            object: ref,
          });
        });
      });
    }

    const labels = object.metadata.labels ?? {};
    if (
      object.kind === "ConfigMap" &&
      labels.grafana_dashboard !== undefined &&
      isRecord(object.data)
    ) {
      for (const [key, text] of Object.entries(object.data)) {
        if (typeof text !== "string" || !key.endsWith(".json")) {
          continue;
        }
        const source = manifest.locate(["data", key]);
        const parsed = parseJson(text);
        if (!parsed.ok) {
          problems.push({
            message: `could not parse dashboard ${key}: ${parsed.message}`,
            source,
            object: ref,
          });
          continue;
        }
        queries.push(...dashboardQueries(parsed.value, () => source, ref));
      }
    }
  }

  for (const dashboard of input.dashboards ?? []) {
    queries.push(...dashboardQueries(dashboard.value, dashboard.locate));
  }
  return { queries, problems };
}

/** Targets of every panel, rows' nested panels included (Grafana dashboard JSON model). */
function dashboardQueries(
  dashboard: unknown,
  locate: JsonFile["locate"],
  object?: ObjectRef,
): Query[] {
  const queries: Query[] = [];
  const visit = (panels: unknown, at: FieldPath) => {
    list(panels).forEach((panel, p) => {
      if (!isRecord(panel)) {
        return;
      }
      list(panel.targets).forEach((target, t) => {
        if (isRecord(target) && typeof target.expr === "string" && target.expr.trim() !== "") {
          queries.push({
            expr: substitute(target.expr, GRAFANA_VARIABLE, GRAFANA_DURATION),
            label: `panel ${JSON.stringify(panel.title ?? p)} target ${String(target.refId ?? t)}`,
            source: locate([...at, p, "targets", t, "expr"]),
            ...(object === undefined ? {} : { object }),
          });
        }
      });
      visit(panel.panels, [...at, p, "panels"]);
    });
  };
  if (isRecord(dashboard)) {
    visit(dashboard.panels, ["panels"]);
  }
  return queries;
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false; message: string } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    return { ok: false, message: (error as Error).message };
  }
}

function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}
