import { isEmptySelector } from "../../../../kubernetes/label-selector.ts";
import type { Finding } from "../../../model.ts";
import { findingAt } from "../findings.ts";
import type { NetworkView } from "../network-view.ts";
import type { Policy } from "../policies.ts";

/** podSelector {}, Ingress in its types, and no ingress rule: every pod admits nothing. */
export function isDefaultDenyIngress(policy: Policy): boolean {
  return isEmptySelector(policy.podSelector) && policy.ingressType && policy.ingress.length === 0;
}

/** Each namespace that runs workloads starts from deny-all ingress. */
export function checkDefaultDeny(view: NetworkView): Finding[] {
  const findings: Finding[] = [];
  const seen = new Set<string>();

  for (const workload of view.workloads) {
    const namespace = workload.namespace;
    if (seen.has(namespace)) {
      continue;
    }
    seen.add(namespace);
    if ((view.policiesByNamespace.get(namespace) ?? []).some(isDefaultDenyIngress)) {
      continue;
    }

    const declared = view.namespaces.get(namespace)?.manifest;
    const at = declared ?? workload.manifest;
    findings.push(
      findingAt(
        at,
        declared === undefined ? ["metadata", "namespace"] : ["metadata", "name"],
        "error",
        `namespace ${namespace} runs workloads (${workload.title}) without a default-deny ` +
          "ingress NetworkPolicy: expected one with podSelector {}, policyTypes [Ingress] and " +
          "no ingress rules, found none",
      ),
    );
  }
  return findings;
}
