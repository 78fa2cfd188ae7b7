/**
 * Whether traffic is admitted, the way Kubernetes combines NetworkPolicies: a pod is isolated in
 * a direction once any policy of that type selects it, and then admits what any of those
 * policies admits (the union). Policies match container ports, not Service ports.
 */

import { matchesLabels } from "../../../kubernetes/label-selector.ts";
import { blockContains, type Ipv4Block } from "./cidr.ts";
import type { Endpoint, Protocol, Workload } from "./endpoints.ts";
import { type NetworkView, namespaceLabels } from "./network-view.ts";
import type { Peer, Policy, PolicyPort, PolicyRule } from "./policies.ts";

export type Direction = "ingress" | "egress";

/** The other side of a connection: a pod, or an address outside the pod network. */
export type Party = { kind: "pod"; endpoint: Endpoint } | { kind: "ip"; block: Ipv4Block };

export function policiesSelecting(
  view: NetworkView,
  endpoint: Endpoint,
  direction: Direction,
): Policy[] {
  const candidates = view.policiesByNamespace.get(endpoint.namespace) ?? [];
  return candidates.filter(
    (policy) =>
      (direction === "ingress" ? policy.ingressType : policy.egressType) &&
      matchesLabels(policy.podSelector, endpoint.labels),
  );
}

export function peerAdmits(view: NetworkView, peer: Peer, policy: Policy, party: Party): boolean {
  if (peer.ipBlock !== undefined) {
    const { block, except } = peer.ipBlock;
    if (block === undefined) {
      return false;
    }
    // Pod addresses are unknown before the cluster runs: only a block of every address is
    // sure to contain them.
    const target: Ipv4Block = party.kind === "ip" ? party.block : { base: 0, prefix: 0 };
    if (party.kind === "pod" && (block.prefix !== 0 || except.length > 0)) {
      return false;
    }
    return blockContains(block, target) && !except.some((e) => blockContains(e, target));
  }

  if (party.kind === "ip") {
    return false;
  }
  const { endpoint } = party;
  const namespaceOk =
    peer.namespaces === undefined
      ? endpoint.namespace === policy.namespace
      : matchesLabels(peer.namespaces, namespaceLabels(view, endpoint.namespace));
  const podOk = peer.pods === undefined || matchesLabels(peer.pods, endpoint.labels);
  return namespaceOk && podOk;
}

/** Whether `port` admits `number`/`protocol` on `destination` (named ports resolve there). */
export function portAdmits(
  port: PolicyPort,
  destination: Endpoint,
  number: number,
  protocol: Protocol,
): boolean {
  if (port.protocol !== protocol) {
    return false;
  }
  if (port.port === undefined) {
    return true;
  }
  if (typeof port.port === "number") {
    const end = port.endPort ?? port.port;
    return number >= port.port && number <= end;
  }
  return destination.ports.some(
    (p) => p.name === port.port && p.protocol === protocol && p.port === number,
  );
}

export function ruleAdmitsPort(
  rule: PolicyRule,
  destination: Endpoint,
  number: number,
  protocol: Protocol,
): boolean {
  return (
    rule.ports === undefined || rule.ports.some((p) => portAdmits(p, destination, number, protocol))
  );
}

export function ruleAdmitsParty(
  view: NetworkView,
  rule: PolicyRule,
  policy: Policy,
  party: Party,
): boolean {
  return (
    rule.peers === undefined || rule.peers.some((peer) => peerAdmits(view, peer, policy, party))
  );
}

/** Whether `destination` admits a connection from `source` on a port. */
export function ingressAdmits(
  view: NetworkView,
  destination: Endpoint,
  source: Party,
  port: number,
  protocol: Protocol,
): boolean {
  const policies = policiesSelecting(view, destination, "ingress");
  if (policies.length === 0) {
    return true;
  }
  return policies.some((policy) =>
    policy.ingress.some(
      (rule) =>
        ruleAdmitsParty(view, rule, policy, source) &&
        ruleAdmitsPort(rule, destination, port, protocol),
    ),
  );
}

/** Whether `source` may open a connection to `destination` on a port. */
export function egressAdmits(
  view: NetworkView,
  source: Endpoint,
  destination: Endpoint,
  port: number,
  protocol: Protocol,
): boolean {
  const policies = policiesSelecting(view, source, "egress");
  if (policies.length === 0) {
    return true;
  }
  const party: Party = { kind: "pod", endpoint: destination };
  return policies.some((policy) =>
    policy.egress.some(
      (rule) =>
        ruleAdmitsParty(view, rule, policy, party) &&
        ruleAdmitsPort(rule, destination, port, protocol),
    ),
  );
}

const selectedCache = new WeakMap<NetworkView, Map<string, Workload[]>>();

/**
 * A key equal for peers that select the same pods: the peer as written, plus the policy's
 * namespace when the peer has no namespaceSelector.
 */
export function peerScopeKey(peer: Peer, policy: Policy): string {
  return peer.namespaces === undefined ? `${policy.namespace} ${peer.key}` : peer.key;
}

/** The workloads of the repository a peer selects (ipBlocks select none), computed once. */
export function workloadsSelectedBy(view: NetworkView, peer: Peer, policy: Policy): Workload[] {
  let cache = selectedCache.get(view);
  if (cache === undefined) {
    cache = new Map();
    selectedCache.set(view, cache);
  }
  const key = peerScopeKey(peer, policy);
  const cached = cache.get(key);
  if (cached !== undefined) {
    return cached;
  }

  let selected: Workload[] = [];
  if (peer.ipBlock === undefined) {
    const { namespaces, pods } = peer;
    const inScope =
      namespaces === undefined
        ? (view.workloadsByNamespace.get(policy.namespace) ?? [])
        : [...view.workloadsByNamespace.entries()]
            .filter(([name]) => matchesLabels(namespaces, namespaceLabels(view, name)))
            .flatMap(([, workloads]) => workloads);
    selected =
      pods === undefined ? [...inScope] : inScope.filter((w) => matchesLabels(pods, w.labels));
  }
  cache.set(key, selected);
  return selected;
}
