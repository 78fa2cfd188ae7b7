/**
 * The label contract between the cluster and the rehearsal. The same AnalysisTemplate queries
 * and SLO rules run in both places, so the labels a series carries after scraping must be the
 * same in both: the cluster's PodMonitor relabelling and the rehearsal's scrape configuration
 * are both derived from this module, and a test compares the committed PodMonitor against it.
 */
export {
  durationBuckets,
  metricNames,
  requestLabels,
  unknownRoute,
} from "@gitops-platform/demo-app/metric-names";

/** Target labels every scraped demo-app series carries, and the pod label each comes from. */
export const targetLabels = {
  /** The namespace of the pod (Prometheus' `__meta_kubernetes_namespace`). */
  namespace: { label: "namespace", fromPodLabel: undefined },
  /** The pod name (Prometheus' `__meta_kubernetes_pod_name`). */
  pod: { label: "pod", fromPodLabel: undefined },
  /** The application, from the recommended label; SLO rules and analysis select on it. */
  app: { label: "app", fromPodLabel: "app.kubernetes.io/name" },
  /**
   * The revision: Argo Rollouts stamps every pod with this label, and analysis args of
   * `valueFrom.podTemplateHashValue` select one revision with it.
   */
  podTemplateHash: {
    label: "rollouts_pod_template_hash",
    fromPodLabel: "rollouts-pod-template-hash",
  },
  /** The release version, for dashboards that split traffic per version. */
  version: { label: "version", fromPodLabel: "app.kubernetes.io/version" },
} as const;

export type TargetLabel = (typeof targetLabels)[keyof typeof targetLabels]["label"];

/** The Prometheus meta label a pod label is exposed as during service discovery. */
export function podLabelMeta(podLabel: string): string {
  return `__meta_kubernetes_pod_label_${podLabel.replace(/[^a-zA-Z0-9_]/g, "_")}`;
}
