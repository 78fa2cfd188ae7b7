/**
 * Prometheus scrapes from the monitoring namespace, straight to the container's metrics port
 * (policies match container ports, not Service ports): every port a PodMonitor or ServiceMonitor
 * scrapes must be admitted from there.
 */

import type { Finding } from "../../../model.ts";
import type { Endpoint } from "../endpoints.ts";
import { FindingGroups } from "../findings.ts";
import type { NetworkView } from "../network-view.ts";
import { ingressAdmits } from "../reachability.ts";
import { scrapeTargets } from "../scrape-targets.ts";

export const monitoringNamespace = "monitoring";

/**
 * A Prometheus pod of kube-prometheus-stack (release kube-prometheus-stack): prometheus-operator
 * labels its pods with app.kubernetes.io/name=prometheus and the Prometheus object's name.
 */
export const prometheus: Endpoint = {
  namespace: monitoringNamespace,
  labels: {
    "app.kubernetes.io/name": "prometheus",
    prometheus: "kube-prometheus-stack-prometheus",
    "operator.prometheus.io/name": "kube-prometheus-stack-prometheus",
  },
  ports: [],
};

export function checkScrapeReachability(view: NetworkView): Finding[] {
  const groups = new FindingGroups();
  const source = { kind: "pod" as const, endpoint: prometheus };

  for (const target of scrapeTargets(view)) {
    const { workload, port } = target;
    if (ingressAdmits(view, workload, source, port, "TCP")) {
      continue;
    }
    groups.add(
      target.monitor,
      target.path,
      "error",
      `scrape-${port}`,
      workload.title,
      (who) =>
        `${target.monitor.object.kind} scrapes port ${port} of ${who} in namespace ` +
        `${workload.namespace}: expected a NetworkPolicy selecting them to admit TCP ${port} ` +
        `from namespace ${monitoringNamespace} (namespaceSelector ` +
        `kubernetes.io/metadata.name=${monitoringNamespace}), found none`,
    );
  }
  return groups.findings();
}
