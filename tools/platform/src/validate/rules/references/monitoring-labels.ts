import { isRecord, valueAt } from "../../../manifests/objects.ts";
import type { HelmValues, Manifest } from "../../model.ts";
import type { Problem } from "./rollout-references.ts";

/** The chart whose Prometheus selects rules and monitors by its release label. */
const STACK_CHART = "kube-prometheus-stack";

/** The release name of the monitoring stack (CONVENTIONS), when no Application says. */
const DEFAULT_RELEASE = "kube-prometheus-stack";

/** Each kind and the value that, set to false, makes Prometheus select it without the label. */
const SELECTED_KINDS: Record<string, string> = {
  PrometheusRule: "ruleSelectorNilUsesHelmValues",
  ServiceMonitor: "serviceMonitorSelectorNilUsesHelmValues",
  PodMonitor: "podMonitorSelectorNilUsesHelmValues",
};

/**
 * kube-prometheus-stack's Prometheus selects PrometheusRules, ServiceMonitors and PodMonitors
 * by `release: <release name>` unless the matching `*SelectorNilUsesHelmValues` is false
 * (the chart's values.yaml): an object without the label is silently ignored.
 */
export function checkMonitoringLabels(
  manifests: readonly Manifest[],
  helmValues: readonly HelmValues[],
): Problem[] {
  const stack = helmValues.find((values) => values.chart === STACK_CHART);
  const release = stack === undefined ? DEFAULT_RELEASE : releaseName(stack);
  const problems: Problem[] = [];

  for (const manifest of manifests) {
    const switchName = SELECTED_KINDS[manifest.object.kind];
    if (switchName === undefined) {
      continue;
    }
    const nil =
      stack === undefined
        ? undefined
        : valueAt(stack.values, ["prometheus", "prometheusSpec", switchName]);
    if (nil === false) {
      continue;
    }
    const found = manifest.object.metadata.labels?.release;
    if (found !== release) {
      problems.push({
        manifest,
        path: ["metadata", "labels"],
        message:
          `expected label release: ${release} ` +
          `(the monitoring stack selects ${manifest.object.kind}s by it), ` +
          `found ${found === undefined ? "none" : JSON.stringify(found)}`,
        severity: "error",
      });
    }
  }
  return problems;
}

/** Argo CD installs a chart under helm.releaseName, or else the Application's name. */
function releaseName(values: HelmValues): string {
  const spec = values.application.object.spec;
  const sources = isRecord(spec)
    ? [spec.source, ...(Array.isArray(spec.sources) ? spec.sources : [])]
    : [];
  for (const source of sources) {
    if (isRecord(source) && source.chart === STACK_CHART && isRecord(source.helm)) {
      if (typeof source.helm.releaseName === "string") {
        return source.helm.releaseName;
      }
    }
  }
  return values.application.object.metadata.name ?? DEFAULT_RELEASE;
}
