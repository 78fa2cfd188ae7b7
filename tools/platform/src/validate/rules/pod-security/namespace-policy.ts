/**
 * The Pod Security policy each namespace of the repository declares with its labels, resolved as
 * pod-security-admission resolves it (api/helpers.go, PolicyToEvaluate): unset modes fall back
 * to the cluster default (privileged:latest); warn follows a stricter enforce level unless set;
 * an invalid enforce level means restricted, an invalid audit or warn level means privileged,
 * an invalid version means latest.
 */

import type { Manifest } from "../../model.ts";
import {
  compareLevels,
  type LevelVersion,
  latest,
  parseLevel,
  parseVersion,
} from "./policy-version.ts";

export type Mode = "enforce" | "audit" | "warn";

export const modes: readonly Mode[] = ["enforce", "audit", "warn"];

const labelPrefix = "pod-security.kubernetes.io/";

export function levelLabel(mode: Mode): string {
  return `${labelPrefix}${mode}`;
}

export function versionLabel(mode: Mode): string {
  return `${labelPrefix}${mode}-version`;
}

/** A label the API server would refuse on the Namespace. */
export interface LabelProblem {
  label: string;
  expected: string;
  found: string;
}

export interface NamespacePolicy {
  namespace: Manifest;
  policy: Record<Mode, LevelVersion>;
  problems: LabelProblem[];
}

const clusterDefault: LevelVersion = { level: "privileged", version: latest };

export function resolvePolicy(namespace: Manifest): NamespacePolicy {
  const labels = namespace.object.metadata.labels ?? {};
  const policy: Record<Mode, LevelVersion> = {
    enforce: clusterDefault,
    audit: clusterDefault,
    warn: clusterDefault,
  };
  const problems: LabelProblem[] = [];

  for (const mode of modes) {
    const level = labels[levelLabel(mode)];
    if (level !== undefined) {
      const parsed = parseLevel(String(level));
      const fallback = mode === "enforce" ? parsed.level : "privileged";
      policy[mode] = { ...policy[mode], level: parsed.valid ? parsed.level : fallback };
      if (!parsed.valid) {
        const expected = "privileged, baseline or restricted";
        problems.push({ label: levelLabel(mode), expected, found: JSON.stringify(level) });
      }
    }

    const version = labels[versionLabel(mode)];
    if (version !== undefined) {
      const parsed = parseVersion(String(version));
      policy[mode] = { ...policy[mode], version: parsed.version };
      if (!parsed.valid) {
        const expected = '"latest" or "v1.<minor>"';
        problems.push({ label: versionLabel(mode), expected, found: JSON.stringify(version) });
      }
    }
  }

  const enforceLevelValid =
    labels[levelLabel("enforce")] !== undefined &&
    problems.every((problem) => problem.label !== levelLabel("enforce"));
  const warnLevelSet = labels[levelLabel("warn")] !== undefined;
  if (
    !warnLevelSet &&
    enforceLevelValid &&
    compareLevels(policy.enforce.level, policy.warn.level) > 0
  ) {
    const warnVersionSet = labels[versionLabel("warn")] !== undefined;
    policy.warn = {
      level: policy.enforce.level,
      version: warnVersionSet ? policy.warn.version : policy.enforce.version,
    };
  }

  return { namespace, policy, problems };
}

/** Namespace objects of the input by name; the first one wins when a name repeats. */
export function namespacePolicies(manifests: readonly Manifest[]): Map<string, NamespacePolicy> {
  const byName = new Map<string, NamespacePolicy>();
  for (const manifest of manifests) {
    const { apiVersion, kind, metadata } = manifest.object;
    if (apiVersion === "v1" && kind === "Namespace" && metadata.name !== undefined) {
      if (!byName.has(metadata.name)) {
        byName.set(metadata.name, resolvePolicy(manifest));
      }
    }
  }
  return byName;
}
