/**
 * Which API groups an Application installs the CRDs of, from the charts and repositories the
 * platform uses (each chart's crds/ folder or CRD templates): a custom resource in another
 * Application must wait for them.
 */
export const CHART_CRD_GROUPS: Record<string, readonly string[]> = {
  "argo-rollouts": [
    "argoproj.io/Rollout",
    "argoproj.io/AnalysisTemplate",
    "argoproj.io/ClusterAnalysisTemplate",
    "argoproj.io/AnalysisRun",
    "argoproj.io/Experiment",
  ],
  "argo-cd": ["argoproj.io/Application", "argoproj.io/AppProject", "argoproj.io/ApplicationSet"],
  "kube-prometheus-stack": ["monitoring.coreos.com"],
  "prometheus-operator-crds": ["monitoring.coreos.com"],
  base: ["networking.istio.io", "security.istio.io", "telemetry.istio.io", "extensions.istio.io"],
  "trivy-operator": ["aquasecurity.github.io"],
};

/** Repositories whose manifests are CRDs, recognised by their URL. */
export const REPOSITORY_CRD_GROUPS: readonly [RegExp, readonly string[]][] = [
  [/kubernetes-sigs\/gateway-api/, ["gateway.networking.k8s.io", "gateway.networking.x-k8s.io"]],
];
