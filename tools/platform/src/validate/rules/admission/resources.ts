import type { K8sObject, Manifest } from "../../model.ts";

/** What the API server knows about an object's type when it admits it. */
export interface ResourceType {
  group: string;
  version: string;
  resource: string;
  namespaced: boolean;
}

/** Kinds whose resource name the usual English plural gets wrong. */
const IRREGULAR_RESOURCES: Record<string, string> = {
  Endpoints: "endpoints",
  PodSecurityPolicy: "podsecuritypolicies",
};

/** Built-in and common add-on kinds that are cluster-scoped; everything else is namespaced. */
const CLUSTER_SCOPED_KINDS = new Set([
  "APIService",
  "CSIDriver",
  "CSINode",
  "CertificateSigningRequest",
  "ClusterAnalysisTemplate",
  "ClusterIssuer",
  "ClusterRole",
  "ClusterRoleBinding",
  "ComponentStatus",
  "CustomResourceDefinition",
  "FlowSchema",
  "GatewayClass",
  "IngressClass",
  "MutatingAdmissionPolicy",
  "MutatingAdmissionPolicyBinding",
  "MutatingWebhookConfiguration",
  "Namespace",
  "Node",
  "PersistentVolume",
  "PriorityClass",
  "PriorityLevelConfiguration",
  "RuntimeClass",
  "StorageClass",
  "ValidatingAdmissionPolicy",
  "ValidatingAdmissionPolicyBinding",
  "ValidatingWebhookConfiguration",
  "VolumeAttachment",
]);

/** Resource names for kinds: the repository's own CRDs first, then the built-in conventions. */
export class ResourceCatalog {
  readonly #crds = new Map<string, { resource: string; namespaced: boolean }>();

  constructor(manifests: readonly Manifest[]) {
    for (const { object } of manifests) {
      if (object.kind === "CustomResourceDefinition") {
        this.#remember(object);
      }
    }
  }

  typeOf(object: K8sObject): ResourceType {
    const [group, version] = splitApiVersion(object.apiVersion);
    const crd = this.#crds.get(`${group}/${object.kind}`);
    if (crd) {
      return { group, version, ...crd };
    }
    return {
      group,
      version,
      resource: IRREGULAR_RESOURCES[object.kind] ?? pluralize(object.kind.toLowerCase()),
      namespaced: !CLUSTER_SCOPED_KINDS.has(object.kind),
    };
  }

  /** Whether objects of this apiVersion and kind live in namespaces. */
  isNamespaced(apiVersion: string, kind: string): boolean {
    return this.typeOf({ apiVersion, kind, metadata: {} }).namespaced;
  }

  #remember(crd: K8sObject): void {
    const spec = crd.spec as { group?: unknown; scope?: unknown; names?: Record<string, unknown> };
    const kind = spec?.names?.kind;
    const plural = spec?.names?.plural;
    if (typeof spec?.group === "string" && typeof kind === "string" && typeof plural === "string") {
      this.#crds.set(`${spec.group}/${kind}`, {
        resource: plural,
        namespaced: spec.scope !== "Cluster",
      });
    }
  }
}

export function splitApiVersion(apiVersion: string): [group: string, version: string] {
  const slash = apiVersion.indexOf("/");
  return slash < 0 ? ["", apiVersion] : [apiVersion.slice(0, slash), apiVersion.slice(slash + 1)];
}

function pluralize(singular: string): string {
  if (/(s|x|z|ch|sh)$/.test(singular)) {
    return `${singular}es`;
  }
  if (/[^aeiou]y$/.test(singular)) {
    return `${singular.slice(0, -1)}ies`;
  }
  return `${singular}s`;
}
