import type { LabelSelector } from "../../../kubernetes/label-selector.ts";
import type { FieldPath, Manifest } from "../../model.ts";

// The parts of admissionregistration.k8s.io/v1 ValidatingAdmissionPolicy and
// ValidatingAdmissionPolicyBinding that admission decides on.

export const POLICY_KIND = "ValidatingAdmissionPolicy";
export const BINDING_KIND = "ValidatingAdmissionPolicyBinding";
export const ADMISSION_GROUP = "admissionregistration.k8s.io";

export interface ResourceRule {
  apiGroups: string[];
  apiVersions: string[];
  resources: string[];
  operations: string[];
  resourceNames: string[];
  /** "Cluster", "Namespaced" or "*". */
  scope: string;
}

export interface MatchResources {
  namespaceSelector?: LabelSelector;
  objectSelector?: LabelSelector;
  resourceRules: ResourceRule[];
  excludeResourceRules: ResourceRule[];
  matchPolicy: "Exact" | "Equivalent";
}

export interface NamedExpression {
  name: string;
  expression: string;
  path: FieldPath;
}

export interface Validation {
  expression: string;
  message?: string;
  messageExpression?: string;
  reason?: string;
  path: FieldPath;
}

export interface Policy {
  name: string;
  manifest: Manifest;
  failurePolicy: "Fail" | "Ignore";
  paramKind?: { apiVersion: string; kind: string };
  matchConstraints: MatchResources;
  matchConditions: NamedExpression[];
  variables: NamedExpression[];
  validations: Validation[];
}

export type ValidationAction = "Deny" | "Warn" | "Audit";

export interface ParamRef {
  name?: string;
  namespace?: string;
  selector?: LabelSelector;
  parameterNotFoundAction: "Allow" | "Deny";
}

export interface Binding {
  name: string;
  manifest: Manifest;
  policyName: string;
  validationActions: ValidationAction[];
  paramRef?: ParamRef;
  matchResources?: MatchResources;
}

export function isPolicy(manifest: Manifest): boolean {
  return isAdmissionKind(manifest, POLICY_KIND);
}

export function isBinding(manifest: Manifest): boolean {
  return isAdmissionKind(manifest, BINDING_KIND);
}

function isAdmissionKind(manifest: Manifest, kind: string): boolean {
  const { apiVersion, kind: found } = manifest.object;
  return found === kind && apiVersion.startsWith(`${ADMISSION_GROUP}/`);
}
