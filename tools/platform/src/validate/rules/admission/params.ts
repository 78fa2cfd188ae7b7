import { selectorMatches } from "../../../kubernetes/label-selector.ts";
import type { K8sObject, Manifest } from "../../model.ts";
import type { Binding, Policy } from "./policy-model.ts";
import type { AdmissionRequest } from "./request.ts";
import type { ResourceCatalog } from "./resources.ts";

/**
 * The parameter objects a binding gives a policy for one request, following the paramRef rules
 * of admissionregistration.k8s.io/v1:
 * - no paramKind: one evaluation with params = null;
 * - namespace unset and a namespaced paramKind: the request's own namespace;
 * - name picks one object, selector every object it matches (each evaluated, results ANDed);
 * - nothing found: parameterNotFoundAction Allow admits, Deny hands over to failurePolicy.
 */
export type ParamResolution =
  | { kind: "params"; params: (K8sObject | null)[] }
  | { kind: "allow" }
  | { kind: "misconfigured"; message: string };

export function resolveParams(
  policy: Policy,
  binding: Binding,
  request: AdmissionRequest,
  manifests: readonly Manifest[],
  catalog: ResourceCatalog,
): ParamResolution {
  const paramKind = policy.paramKind;
  if (paramKind === undefined) {
    return { kind: "params", params: [null] };
  }

  const ref = binding.paramRef;
  const kindName = `${paramKind.kind} (${paramKind.apiVersion})`;
  if (ref === undefined) {
    return {
      kind: "misconfigured",
      message: `expected a paramRef: policy ${policy.name} takes a ${kindName} parameter`,
    };
  }

  const namespaced = catalog.isNamespaced(paramKind.apiVersion, paramKind.kind);
  if (!namespaced && ref.namespace !== undefined) {
    return {
      kind: "misconfigured",
      message: `paramRef.namespace must be unset: ${kindName} is cluster-scoped`,
    };
  }
  const namespace = namespaced ? (ref.namespace ?? request.namespace) : undefined;
  if (namespaced && namespace === undefined) {
    return {
      kind: "misconfigured",
      message:
        "paramRef names no namespace, so the parameter is looked up in the object's namespace, " +
        `and ${request.object.kind} ${request.name} is cluster-scoped`,
    };
  }

  const found = manifests
    .map((manifest) => manifest.object)
    .filter(
      (object) =>
        object.apiVersion === paramKind.apiVersion &&
        object.kind === paramKind.kind &&
        (!namespaced || (object.metadata.namespace ?? "default") === namespace) &&
        (ref.name !== undefined
          ? object.metadata.name === ref.name
          : selectorMatches(ref.selector, object.metadata.labels ?? {})),
    );
  if (found.length > 0) {
    return { kind: "params", params: found };
  }

  if (ref.parameterNotFoundAction === "Allow") {
    return { kind: "allow" };
  }
  const wanted = ref.name !== undefined ? `named ${ref.name}` : "matching paramRef.selector";
  const where = namespace === undefined ? "" : ` in namespace ${namespace}`;
  return {
    kind: "misconfigured",
    message:
      `no ${kindName} ${wanted}${where} in the repository, ` +
      "and paramRef.parameterNotFoundAction is Deny",
  };
}
