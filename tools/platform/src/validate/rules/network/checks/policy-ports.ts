/**
 * Ingress policy ports are container ports of the pods the policy selects: a name that no
 * selected container declares admits nothing (error); a number none of them listens on is
 * probably a Service port written by mistake (warning). TCP 15008 on pods enrolled in ambient is
 * ztunnel's HBONE port, not a container's, and is left alone.
 */

import { matchesLabels } from "../../../../kubernetes/label-selector.ts";
import type { Finding } from "../../../model.ts";
import type { Workload } from "../endpoints.ts";
import { findingAt } from "../findings.ts";
import { isMeshed, type NetworkView } from "../network-view.ts";
import type { Policy, PolicyPort } from "../policies.ts";
import { hbonePort } from "./ambient-ingress.ts";

function describePorts(workloads: readonly Workload[]): string {
  const ports = workloads.flatMap((w) =>
    w.ports.map((p) => `${p.name === undefined ? "" : `${p.name} `}${p.port}/${p.protocol}`),
  );
  return ports.length === 0 ? "no container ports" : [...new Set(ports)].join(", ");
}

function checkPort(view: NetworkView, policy: Policy, port: PolicyPort, selected: Workload[]) {
  const { port: value, protocol } = port;
  if (value === undefined) {
    return [];
  }
  const found = `container ports ${describePorts(selected)}`;

  if (typeof value === "string") {
    const named = selected.some((w) =>
      w.ports.some((p) => p.name === value && p.protocol === protocol),
    );
    const message =
      `port "${value}" (${protocol}) names no container port of the pods this policy selects: ` +
      `expected one of theirs, found ${found}`;
    return named ? [] : [findingAt(policy.manifest, [...port.path, "port"], "error", message)];
  }

  // Pods enrolled by their own label count as well as those of an ambient namespace.
  const meshed = selected.some((w) => isMeshed(view, w));
  if (meshed && value === hbonePort && protocol === "TCP") {
    return [];
  }
  const end = port.endPort ?? value;
  const listening = selected.some((w) =>
    w.ports.some((p) => p.protocol === protocol && p.port >= value && p.port <= end),
  );
  const range = end === value ? `${value}` : `${value}-${end}`;
  const message =
    `port ${range}/${protocol} matches no container port of the pods this policy selects ` +
    `(policies match container ports, not Service ports): expected one of theirs, found ${found}`;
  return listening ? [] : [findingAt(policy.manifest, [...port.path, "port"], "warning", message)];
}

export function checkPolicyPorts(view: NetworkView): Finding[] {
  const findings: Finding[] = [];
  for (const policy of view.policies) {
    const inNamespace = view.workloadsByNamespace.get(policy.namespace) ?? [];
    const selected = inNamespace.filter((w) => matchesLabels(policy.podSelector, w.labels));
    if (selected.length === 0) {
      continue;
    }
    for (const rule of policy.ingress) {
      for (const port of rule.ports ?? []) {
        findings.push(...checkPort(view, policy, port, selected));
      }
    }
  }
  return findings;
}
