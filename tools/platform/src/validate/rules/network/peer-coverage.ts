/**
 * Whether one NetworkPolicy peer admits at least everything another admits, as far as the
 * repository can tell: the same peer written again, a wider ipBlock, or a selector that picks
 * every workload of the repository the other one picks.
 */

import { blockContains, blocksOverlap } from "./cidr.ts";
import { isEmptySelector, matchesLabels } from "./label-selector.ts";
import { isMeshed, type NetworkView } from "./network-view.ts";
import type { Peer, Policy, PolicyRule } from "./policies.ts";
import { peerAdmits } from "./reachability.ts";

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

  const selected = view.workloads.filter((w) =>
    peerAdmits(view, x, narrower.policy, { kind: "pod", endpoint: w }),
  );
  return (
    selected.length > 0 &&
    selected.every((w) => peerAdmits(view, y, wider.policy, { kind: "pod", endpoint: w }))
  );
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
export function mayBeMeshed(view: NetworkView, { peer, policy }: PolicyPeer): boolean {
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
  return [...view.namespaces.values()].some(
    (n) => n.ambient && matchesLabels(namespaces, n.labels),
  );
}

function selectsMeshed(view: NetworkView, peer: Peer, policy: Policy): boolean {
  return view.workloads.some(
    (w) => isMeshed(view, w) && peerAdmits(view, peer, policy, { kind: "pod", endpoint: w }),
  );
}
