/**
 * In Istio ambient, meshed traffic reaches a pod as HBONE on TCP 15008, and the kubelet's
 * probes come from 169.254.7.127 (Istio docs, "Ambient and Kubernetes NetworkPolicy"). A policy
 * that admits a peer on an application port must therefore admit that peer on 15008 too, and
 * admit 169.254.7.127/32 on the probe ports.
 */

import type { Finding } from "../../../model.ts";
import { parseIpv4Block } from "../cidr.ts";
import type { Workload } from "../endpoints.ts";
import { FindingGroups } from "../findings.ts";
import { isMeshed, type NetworkView } from "../network-view.ts";
import { admitsEveryPod, mayBeMeshed, rulesCover } from "../peer-coverage.ts";
import { ingressAdmits, policiesSelecting, ruleAdmitsPort } from "../reachability.ts";
import { isDefaultDenyIngress } from "./default-deny.ts";

export const hbonePort = 15008;
export const probeSource = "169.254.7.127/32";
const probeBlock = parseIpv4Block(probeSource) ?? { base: 0, prefix: 32 };

function checkWorkload(view: NetworkView, workload: Workload, groups: FindingGroups): void {
  const policies = policiesSelecting(view, workload, "ingress");
  if (policies.length === 0) {
    return;
  }
  const restricting = policies.filter((p) => !isDefaultDenyIngress(p));
  const rules = policies.flatMap((policy) => policy.ingress.map((rule) => ({ rule, policy })));
  const hbone = rules.filter(({ rule }) => ruleAdmitsPort(rule, workload, hbonePort, "TCP"));
  const who = workload.title;

  for (const { rule, policy } of rules) {
    if (rule.peers === undefined) {
      if (!hbone.some((h) => admitsEveryPod(h.rule))) {
        groups.add(
          policy.manifest,
          rule.path,
          "error",
          "hbone-all",
          who,
          (pods) =>
            `ingress rule admits every source to pods of ${pods} in ambient namespace ` +
            `${workload.namespace}: expected TCP ${hbonePort} (HBONE) admitted from every pod ` +
            "too (no from, or namespaceSelector {}), found no policy selecting them that does",
        );
      }
      continue;
    }
    for (const peer of rule.peers) {
      const narrower = { peer, policy };
      if (mayBeMeshed(view, narrower) && !rulesCover(view, hbone, narrower)) {
        groups.add(
          policy.manifest,
          peer.path,
          "error",
          "hbone-peer",
          who,
          (pods) =>
            `ingress rule admits this peer to pods of ${pods} in ambient namespace ` +
            `${workload.namespace}: expected TCP ${hbonePort} (HBONE) admitted from it too, ` +
            "found no policy selecting them that does",
        );
      }
    }
  }

  // A pure default-deny blocks probes as well: then the finding points at the first one, since
  // another policy must be added beside them (one finding, however many bare denies there are).
  const probePorts = [...new Set(workload.probePorts.map((p) => p.port))];
  const probe = { kind: "ip" as const, block: probeBlock };
  const blamed = restricting.length > 0 ? restricting : policies.slice(0, 1);
  for (const port of probePorts) {
    if (ingressAdmits(view, workload, probe, port, "TCP")) {
      continue;
    }
    for (const policy of blamed) {
      groups.add(
        policy.manifest,
        ["spec", "ingress"],
        "error",
        `probe-${port}`,
        who,
        (pods) =>
          `pods of ${pods} in ambient namespace ${workload.namespace} are probed on port ` +
          `${port} from ` +
          `${probeSource}: expected an ingress rule admitting it, found none in the policies ` +
          "selecting them",
      );
    }
  }
}

export function checkAmbientIngress(view: NetworkView): Finding[] {
  const groups = new FindingGroups();
  for (const workload of view.workloads) {
    if (isMeshed(view, workload)) {
      checkWorkload(view, workload, groups);
    }
  }
  return groups.findings();
}
