import type { FieldPath } from "../../model.ts";

/** A resources block a chart's values must set, unless the component is switched off. */
export interface ResourceRequirement {
  component: string;
  resources: FieldPath;
  enabled?: FieldPath;
}

/**
 * Charts whose defaults do not fit a laptop cluster. istiod requests 2 GiB and scales with an
 * HPA by default. Since Istio 1.24 the istiod chart reads them at the top level of its values
 * (istio-discovery values.yaml and templates/deployment.yaml of 1.30.3: .Values.resources and
 * .Values.autoscaleEnabled; the old pilot.* keys are ignored);
 * kube-prometheus-stack leaves its components' resources unset.
 */
export const HEAVY_CHARTS: Record<string, readonly ResourceRequirement[]> = {
  istiod: [{ component: "istiod", resources: ["resources"] }],
  "kube-prometheus-stack": [
    {
      component: "Prometheus",
      resources: ["prometheus", "prometheusSpec", "resources"],
      enabled: ["prometheus", "enabled"],
    },
    {
      component: "Alertmanager",
      resources: ["alertmanager", "alertmanagerSpec", "resources"],
      enabled: ["alertmanager", "enabled"],
    },
    { component: "Grafana", resources: ["grafana", "resources"], enabled: ["grafana", "enabled"] },
    {
      component: "the Prometheus operator",
      resources: ["prometheusOperator", "resources"],
      enabled: ["prometheusOperator", "enabled"],
    },
  ],
};

/** Values that must be off in a chart, with why. */
export const CHART_SWITCHES: Record<string, readonly { path: FieldPath; why: string }[]> = {
  istiod: [
    {
      path: ["autoscaleEnabled"],
      why: "istiod's HPA scales a 2 GiB control plane out on a laptop cluster",
    },
  ],
};
