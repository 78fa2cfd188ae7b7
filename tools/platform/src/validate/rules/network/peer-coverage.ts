/**
 * Whether one NetworkPolicy peer admits at least everything another admits, as far as the
 * repository can tell: the same peer written again, a wider ipBlock, or a selector that picks
 * every workload of the repository the other one picks.
 */

import { isEmptySelector, matchesLabels } from "../../../kubernetes/label-selector.ts";
import { blockContains, blocksOverlap } from "./cidr.ts";
import { isMeshed, type NamespaceInfo, type NetworkView } from "./network-view.ts";
import type { Peer, Policy, PolicyRule } from "./policies.ts";
import { peerAdmits, peerScopeKey, workloadsSelectedBy } from "./reachability.ts";

export interface PolicyPeer {
  peer: Peer;
  policy: Policy;
}

export function peerCovers(view: NetworkView, wider: PolicyPeer, narrower: PolicyPeer): boolean {
  const y = wider.peer;
  const x = narrower.peer;
  if (y.key === x.key && wider.policy.namespace === narrower.policy.namespace) {
    return true;
  }

  if (x.ipBlock !== undefined || y.ipBlock !== undefined) {
    const xb = x.ipBlock?.block;
    const yb = y.ipBlock?.block;
    if (xb === undefined || yb === undefined) {
      return false;
    }
    const excepted = (y.ipBlock?.except ?? []).some((e) => blocksOverlap(e, xb));
    return blockContains(yb, xb) && !excepted;
  }

  const selected = workloadsSelectedBy(view, x, narrower.policy);
  return (
    selected.length > 0 &&
    selected.every((w) => peerAdmits(view, y, wider.policy, { kind: "pod", endpoint: w }))
  );
}

/**
 * Whether a rule admits every pod of the cluster: no peers, a namespaceSelector {} with no or an
 * empty podSelector, or an ipBlock of every address. Meshed traffic comes from pods only, so such
 * a rule admits HBONE from (or to) everything that may speak it.
 */
export function admitsEveryPod(rule: PolicyRule): boolean {
  if (rule.peers === undefined) {
    return true;
  }
  return rule.peers.some(({ ipBlock, namespaces, pods }) => {
    if (ipBlock !== undefined) {
      return ipBlock.block?.prefix === 0 && ipBlock.except.length === 0;
    }
    const everyNamespace = namespaces !== undefined && isEmptySelector(namespaces);
    return everyNamespace && (pods === undefined || isEmptySelector(pods));
  });
}

/** Whether any of `rules` admits every source or destination `narrower` admits. */
export function rulesCover(
  view: NetworkView,
  rules: readonly { rule: PolicyRule; policy: Policy }[],
  narrower: PolicyPeer,
): boolean {
  return rules.some(
    ({ rule, policy }) =>
      rule.peers === undefined ||
      rule.peers.some((peer) => peerCovers(view, { peer, policy }, narrower)),
  );
}

/**
 * Whether a peer may stand for pods enrolled in ambient: it selects a meshed workload of the
 * repository, or every pod of an ambient namespace (no podSelector, or an empty one). A peer
 * with a podSelector is judged by the workloads the repository declares; an ipBlock never is.
 */
const meshedCache = new WeakMap<NetworkView, Map<string, boolean>>();

export function mayBeMeshed(view: NetworkView, narrower: PolicyPeer): boolean {
  let cache = meshedCache.get(view);
  if (cache === undefined) {
    cache = new Map();
    meshedCache.set(view, cache);
  }
  const key = peerScopeKey(narrower.peer, narrower.policy);
  const cached = cache.get(key);
  if (cached !== undefined) {
    return cached;
  }
  const result = judgeMeshed(view, narrower);
  cache.set(key, result);
  return result;
}

function judgeMeshed(view: NetworkView, { peer, policy }: PolicyPeer): boolean {
  if (peer.ipBlock !== undefined) {
    return false;
  }
  if (selectsMeshed(view, peer, policy)) {
    return true;
  }
  if (peer.pods !== undefined && !isEmptySelector(peer.pods)) {
    return false;
  }
  const { namespaces } = peer;
  if (namespaces === undefined) {
    return view.namespaces.get(policy.namespace)?.ambient === true;
  }
  return ambientNamespaces(view).some((n) => matchesLabels(namespaces, n.labels));
}

const ambientCache = new WeakMap<NetworkView, NamespaceInfo[]>();

function ambientNamespaces(view: NetworkView): NamespaceInfo[] {
  const cached = ambientCache.get(view);
  if (cached !== undefined) {
    return cached;
  }
  const ambient = [...view.namespaces.values()].filter((n) => n.ambient);
  ambientCache.set(view, ambient);
  return ambient;
}

function selectsMeshed(view: NetworkView, peer: Peer, policy: Policy): boolean {
  return workloadsSelectedBy(view, peer, policy).some((w) => isMeshed(view, w));
}
