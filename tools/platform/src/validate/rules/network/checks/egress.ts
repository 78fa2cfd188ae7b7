/**
 * Pods whose egress is denied still need DNS: UDP and TCP 53 to kube-dns (CoreDNS answers
 * large replies over TCP). In ambient namespaces, meshed peers are reached over HBONE, so
 * egress admitted to a peer that may be meshed must admit TCP 15008 to it as well.
 */

import type { Finding } from "../../../model.ts";
import type { Endpoint, Protocol, Workload } from "../endpoints.ts";
import { FindingGroups } from "../findings.ts";
import { isMeshed, type NetworkView } from "../network-view.ts";
import { admitsEveryPod, mayBeMeshed, rulesCover } from "../peer-coverage.ts";
import type { Policy, PolicyRule } from "../policies.ts";
import { egressAdmits, policiesSelecting, portAdmits, ruleAdmitsPort } from "../reachability.ts";
import { hbonePort } from "./ambient-ingress.ts";

/**
 * kube-dns as kubeadm, kind and k3s deploy it: CoreDNS pods labelled k8s-app=kube-dns in
 * kube-system, with ports dns (53/UDP) and dns-tcp (53/TCP).
 */
export const kubeDns: Endpoint = {
  namespace: "kube-system",
  labels: { "k8s-app": "kube-dns" },
  ports: [
    { container: "coredns", name: "dns", port: 53, protocol: "UDP" },
    { container: "coredns", name: "dns-tcp", port: 53, protocol: "TCP" },
  ],
};

/** A destination with no named ports, to test a numeric port alone. */
const anyDestination: Endpoint = { namespace: "", labels: {}, ports: [] };

function checkDns(
  view: NetworkView,
  workload: Workload,
  policies: Policy[],
  groups: FindingGroups,
) {
  const protocols: Protocol[] = ["UDP", "TCP"];
  const missing = protocols.filter((p) => !egressAdmits(view, workload, kubeDns, 53, p));
  if (missing.length === 0) {
    return;
  }
  // Point at the policy that holds egress rules, where DNS belongs, before a bare deny.
  const first = policies.find((p) => p.egress.length > 0) ?? policies[0];
  if (first === undefined) {
    return;
  }
  const names = policies.map((p) => p.name).join(", ");
  groups.add(
    first.manifest,
    ["spec", "egress"],
    "error",
    `dns-${missing.join()}`,
    workload.title,
    (who) =>
      `egress of ${who} in namespace ${workload.namespace} is denied (policies ${names}) ` +
      "without DNS: expected " +
      `${missing.join(" and ")} 53 to kube-dns (namespace kube-system, pods k8s-app=kube-dns) ` +
      "admitted, found no egress rule that does",
  );
}

/**
 * Whether an egress rule may carry meshed traffic: it admits every port, or a port some meshed
 * workload of the repository listens on. A rule for DNS alone (53 to anywhere, or to every
 * namespace) reaches kube-dns, which is not meshed, and needs no HBONE.
 */
function reachesMeshedPort(view: NetworkView, rule: PolicyRule): boolean {
  const ports = rule.ports;
  if (ports === undefined) {
    return true;
  }
  return view.workloads.some(
    (w) =>
      isMeshed(view, w) &&
      w.ports.some((c) => ports.some((p) => portAdmits(p, w, c.port, c.protocol))),
  );
}

function checkHbone(
  view: NetworkView,
  workload: Workload,
  policies: Policy[],
  groups: FindingGroups,
) {
  const rules = policies.flatMap((policy) => policy.egress.map((rule) => ({ rule, policy })));
  const hbone = rules.filter(({ rule }) => ruleAdmitsPort(rule, anyDestination, hbonePort, "TCP"));
  const who = workload.title;

  for (const { rule, policy } of rules) {
    if (!reachesMeshedPort(view, rule)) {
      continue;
    }
    const peers = rule.peers ?? [];
    if (rule.peers === undefined && !hbone.some((h) => admitsEveryPod(h.rule))) {
      groups.add(
        policy.manifest,
        rule.path,
        "error",
        "hbone-all",
        who,
        (pods) =>
          `egress rule admits every destination from pods of ${pods} in ambient namespace ` +
          `${workload.namespace}: expected TCP ${hbonePort} (HBONE) admitted to every pod ` +
          "too (no to, or namespaceSelector {}), found no policy selecting them that does",
      );
    }
    for (const peer of peers) {
      const narrower = { peer, policy };
      if (mayBeMeshed(view, narrower) && !rulesCover(view, hbone, narrower)) {
        groups.add(
          policy.manifest,
          peer.path,
          "error",
          "hbone-peer",
          who,
          (pods) =>
            `egress rule admits this peer, which may be meshed, from pods of ${pods} in ambient ` +
            `namespace ${workload.namespace}: expected TCP ${hbonePort} (HBONE) admitted to it ` +
            "too, found no policy selecting them that does",
        );
      }
    }
  }
}

export function checkEgress(view: NetworkView): Finding[] {
  const groups = new FindingGroups();
  for (const workload of view.workloads) {
    const policies = policiesSelecting(view, workload, "egress");
    if (policies.length === 0) {
      continue;
    }
    checkDns(view, workload, policies, groups);
    if (isMeshed(view, workload)) {
      checkHbone(view, workload, policies, groups);
    }
  }
  return groups.findings();
}
