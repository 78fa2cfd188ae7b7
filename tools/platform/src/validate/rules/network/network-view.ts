/** The repository's namespaces, workloads and NetworkPolicies, indexed for the network checks. */

import type { Labels } from "../../../kubernetes/label-selector.ts";
import { labelsOfNamespace } from "../../../kubernetes/namespace-labels.ts";
import type { Manifest } from "../../model.ts";
import { type Endpoint, type Workload, workloadsOf } from "./endpoints.ts";
import { type Policy, type PolicyRefusal, policiesOf, type SelectorProblem } from "./policies.ts";

/** Istio ambient enrolment: on the namespace, or per pod (where "none" opts a pod out). */
export const dataplaneModeLabel = "istio.io/dataplane-mode";

export interface NamespaceInfo {
  name: string;
  labels: Labels;
  manifest: Manifest | undefined;
  ambient: boolean;
}

export interface NetworkView {
  manifests: readonly Manifest[];
  namespaces: ReadonlyMap<string, NamespaceInfo>;
  workloads: readonly Workload[];
  policies: readonly Policy[];
  selectorProblems: readonly SelectorProblem[];
  /** What the API server would refuse in a NetworkPolicy; those policies are left out. */
  policyRefusals: readonly PolicyRefusal[];
  workloadsByNamespace: ReadonlyMap<string, readonly Workload[]>;
  policiesByNamespace: ReadonlyMap<string, readonly Policy[]>;
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const group = groups.get(key(item));
    if (group === undefined) {
      groups.set(key(item), [item]);
    } else {
      group.push(item);
    }
  }
  return groups;
}

export function buildView(manifests: readonly Manifest[]): NetworkView {
  const namespaces = new Map<string, NamespaceInfo>();
  for (const manifest of manifests) {
    const { apiVersion, kind, metadata } = manifest.object;
    if (apiVersion !== "v1" || kind !== "Namespace" || metadata.name === undefined) {
      continue;
    }
    if (!namespaces.has(metadata.name)) {
      const labels: Labels = labelsOfNamespace(metadata.name, metadata.labels);
      const ambient = labels[dataplaneModeLabel] === "ambient";
      namespaces.set(metadata.name, { name: metadata.name, labels, manifest, ambient });
    }
  }

  const { policies, problems, refusals } = policiesOf(manifests);
  const workloads = workloadsOf(manifests);
  return {
    manifests,
    namespaces,
    workloads,
    policies,
    selectorProblems: problems,
    policyRefusals: refusals,
    workloadsByNamespace: groupBy(workloads, (w) => w.namespace),
    policiesByNamespace: groupBy(policies, (p) => p.namespace),
  };
}

/** A namespace's labels; one the repository does not declare has only its name label. */
export function namespaceLabels(view: NetworkView, name: string): Labels {
  return view.namespaces.get(name)?.labels ?? labelsOfNamespace(name);
}

export function isMeshed(view: NetworkView, endpoint: Endpoint): boolean {
  const podMode = endpoint.labels[dataplaneModeLabel];
  if (podMode !== undefined) {
    return podMode === "ambient";
  }
  return view.namespaces.get(endpoint.namespace)?.ambient ?? false;
}
