/**
 * The shape of a Pod Security Standards check, modelled on pod-security-admission's registry:
 * a check has a level and one implementation per policy version it changed in.
 * Source: kubernetes/pod-security-admission, policy/checks.go and policy/registry.go.
 */

import type { FieldPath } from "../../../model.ts";
import type { PodView } from "../pod-view.ts";

export type Level = "privileged" | "baseline" | "restricted";

/** One field that breaks a check. */
export interface Violation {
  /** Path from the pod: starts with "metadata" or "spec". */
  path: FieldPath;
  /** The container at fault, when it is one container's field. */
  container?: string;
  expected: string;
  found: string;
}

export type CheckPod = (pod: PodView) => Violation[];

export interface VersionedCheck {
  /** The first policy minor version (1.x) this implementation applies to. */
  minimumMinor: number;
  check: CheckPod;
  /** Baseline checks this restricted check replaces at this version. */
  overrides?: readonly string[];
}

export interface CheckDefinition {
  /** The id pod-security-admission gives the check. */
  id: string;
  level: "baseline" | "restricted";
  /** Strictly increasing by minimumMinor. */
  versions: readonly VersionedCheck[];
}
