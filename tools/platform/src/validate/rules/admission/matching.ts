import { selectorMatches } from "../../../kubernetes/label-selector.ts";
import type { MatchResources, ResourceRule } from "./policy-model.ts";
import { type AdmissionRequest, type NamespaceIndex, namespaceLabels } from "./request.ts";

/**
 * Whether a request falls under matchConstraints (of a policy) or matchResources (of a binding),
 * following k8s.io/apiserver/pkg/admission/plugin/policy/matching: namespace selector, object
 * selector, exclusions first, then the resource rules. A binding with no resource rules matches
 * whatever its policy matches; a policy always has rules.
 */
export function matchesResources(
  criteria: MatchResources,
  request: AdmissionRequest,
  namespaces: NamespaceIndex,
): boolean {
  if (!namespaceSelectorMatches(criteria, request, namespaces)) {
    return false;
  }

  const objectLabels = request.object.metadata.labels ?? {};
  if (!selectorMatches(criteria.objectSelector, objectLabels)) {
    return false;
  }

  const exact = criteria.matchPolicy === "Exact";
  if (criteria.excludeResourceRules.some((rule) => ruleMatches(rule, request, exact))) {
    return false;
  }
  if (criteria.resourceRules.length === 0) {
    return true;
  }
  return criteria.resourceRules.some((rule) => ruleMatches(rule, request, exact));
}

function namespaceSelectorMatches(
  criteria: MatchResources,
  request: AdmissionRequest,
  namespaces: NamespaceIndex,
): boolean {
  if (request.namespace !== undefined) {
    return selectorMatches(criteria.namespaceSelector, namespaces.labels(request.namespace));
  }

  // A Namespace is matched by its own labels; other cluster-scoped objects are never excluded
  // by a namespace selector.
  if (request.object.kind === "Namespace" && request.type.group === "") {
    const labels = namespaceLabels(request.object, request.name);
    return selectorMatches(criteria.namespaceSelector, labels);
  }
  return true;
}

/**
 * One rule against one request. With matchPolicy Equivalent a rule naming another version of
 * the same group and resource matches too (the API server converts between served versions).
 */
export function ruleMatches(rule: ResourceRule, request: AdmissionRequest, exact = true): boolean {
  const { type } = request;
  return (
    anyOf(rule.operations, request.operation) &&
    anyOf(rule.apiGroups, type.group) &&
    (!exact || anyOf(rule.apiVersions, type.version)) &&
    rule.resources.some((entry) => resourceMatches(entry, type.resource, request.subresource)) &&
    scopeMatches(rule.scope, request) &&
    (rule.resourceNames.length === 0 || rule.resourceNames.includes(request.name))
  );
}

function anyOf(allowed: readonly string[], value: string): boolean {
  return allowed.includes("*") || allowed.includes(value);
}

/**
 * "pods" matches the resource, "pods/status" one subresource, "pods/*" the resource and all its
 * subresources, "*" every resource, "*\/*" everything (the same split as the API server's rule
 * matcher: an unset subresource is "").
 */
function resourceMatches(entry: string, resource: string, subresource: string): boolean {
  const slash = entry.indexOf("/");
  const wantedResource = slash < 0 ? entry : entry.slice(0, slash);
  const wantedSubresource = slash < 0 ? "" : entry.slice(slash + 1);
  return (
    (wantedResource === "*" || wantedResource === resource) &&
    (wantedSubresource === "*" || wantedSubresource === subresource)
  );
}

function scopeMatches(scope: string, request: AdmissionRequest): boolean {
  if (scope === "Cluster") {
    return request.namespace === undefined;
  }
  if (scope === "Namespaced") {
    return request.namespace !== undefined;
  }
  return true;
}
