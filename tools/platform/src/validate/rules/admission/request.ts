import { labelsOfNamespace } from "../../../kubernetes/namespace-labels.ts";
import type { K8sObject, Manifest } from "../../model.ts";
import type { ResourceCatalog, ResourceType } from "./resources.ts";

/**
 * An object of the repository seen as the API server sees it on apply. Repository objects are
 * new to the policy, so every request is a CREATE of the main resource (no subresource).
 */
export interface AdmissionRequest {
  manifest: Manifest;
  object: K8sObject;
  operation: "CREATE";
  type: ResourceType;
  subresource: "";
  name: string;
  /** The object's namespace; "default" when a namespaced object names none, as kubectl does. */
  namespace?: string;
}

export function admissionRequest(manifest: Manifest, catalog: ResourceCatalog): AdmissionRequest {
  const { object } = manifest;
  const type = catalog.typeOf(object);
  return {
    manifest,
    object,
    operation: "CREATE",
    type,
    subresource: "",
    name: object.metadata.name ?? "",
    namespace: type.namespaced ? (object.metadata.namespace ?? "default") : undefined,
  };
}

/** The Namespace objects of the repository, with the label the API server adds to each. */
export class NamespaceIndex {
  readonly #namespaces = new Map<string, K8sObject>();

  constructor(manifests: readonly Manifest[]) {
    for (const { object } of manifests) {
      if (object.kind === "Namespace" && object.apiVersion === "v1" && object.metadata.name) {
        this.#namespaces.set(object.metadata.name, object);
      }
    }
  }

  get(name: string): K8sObject | undefined {
    return this.#namespaces.get(name);
  }

  /** Labels a namespaceSelector sees, for declared and undeclared namespaces alike. */
  labels(name: string): Record<string, string> {
    return namespaceLabels(this.#namespaces.get(name), name);
  }
}

export function namespaceLabels(
  namespace: K8sObject | undefined,
  name: string,
): Record<string, string> {
  return labelsOfNamespace(name, namespace?.metadata.labels);
}
