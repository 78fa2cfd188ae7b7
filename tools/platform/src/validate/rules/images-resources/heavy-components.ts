import type { FieldPath } from "../../model.ts";

/** A resources block a chart's values must set, unless the component is switched off. */
export interface ResourceRequirement {
  component: string;
  resources: FieldPath;
  enabled?: FieldPath;
}

/**
 * Charts whose defaults do not fit a laptop cluster. istiod requests 2 GiB and scales with an
 * HPA by default (istio-discovery values.yaml, pilot.resources and pilot.autoscaleEnabled);
 * kube-prometheus-stack leaves its components' resources unset.
 */
export const HEAVY_CHARTS: Record<string, readonly ResourceRequirement[]> = {
  istiod: [{ component: "istiod", resources: ["pilot", "resources"] }],
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
      path: ["pilot", "autoscaleEnabled"],
      why: "istiod's HPA scales a 2 GiB control plane out on a laptop cluster",
    },
  ],
};
