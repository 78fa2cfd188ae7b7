/**
 * Which checks run for a level and policy version, and running them: pod-security-admission's
 * registry semantics (policy/registry.go). Restricted runs every baseline check that no
 * restricted check of that version overrides; versions newer than the newest any check knows,
 * and "latest", evaluate as that newest version.
 */

import type { CheckDefinition, CheckPod, Level, Violation } from "./checks/check.ts";
import type { PodView } from "./pod-view.ts";
import type { PolicyVersion } from "./policy-version.ts";

export interface CheckFailure {
  checkId: string;
  violations: Violation[];
}

interface ActiveCheck {
  id: string;
  level: "baseline" | "restricted";
  check: CheckPod;
  overrides: readonly string[];
}

export interface Evaluator {
  /** The minor version "latest" stands for. */
  newestMinor: number;
  evaluate(level: Level, version: PolicyVersion, pod: PodView): CheckFailure[];
}

/** The implementation of each check in force at `minor`, if the check exists by then. */
function activeAt(checks: readonly CheckDefinition[], minor: number): ActiveCheck[] {
  const active: ActiveCheck[] = [];
  for (const definition of checks) {
    const current = definition.versions.filter((v) => v.minimumMinor <= minor).at(-1);
    if (current !== undefined) {
      const { id, level } = definition;
      active.push({ id, level, check: current.check, overrides: current.overrides ?? [] });
    }
  }
  return active;
}

/** Baseline checks first, then restricted, each sorted by id, as upstream orders them. */
function byLevelThenId(a: ActiveCheck, b: ActiveCheck): number {
  if (a.level !== b.level) {
    return a.level === "baseline" ? -1 : 1;
  }
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

export function createEvaluator(checks: readonly CheckDefinition[]): Evaluator {
  const newestMinor = Math.max(...checks.flatMap((c) => c.versions.map((v) => v.minimumMinor)));
  const cache = new Map<string, ActiveCheck[]>();

  function checksFor(level: "baseline" | "restricted", minor: number): ActiveCheck[] {
    const key = `${level}:${minor}`;
    const cached = cache.get(key);
    if (cached !== undefined) {
      return cached;
    }

    const active = activeAt(checks, minor);
    const restricted = active.filter((c) => c.level === "restricted");
    const overridden = new Set(restricted.flatMap((c) => c.overrides));
    const baseline = active.filter((c) => c.level === "baseline");
    const selected =
      level === "baseline"
        ? baseline
        : [...baseline.filter((c) => !overridden.has(c.id)), ...restricted];

    selected.sort(byLevelThenId);
    cache.set(key, selected);
    return selected;
  }

  return {
    newestMinor,
    evaluate(level, version, pod) {
      if (level === "privileged") {
        return [];
      }
      const minor = version.latest ? newestMinor : Math.min(version.minor, newestMinor);
      const failures: CheckFailure[] = [];
      for (const active of checksFor(level, minor)) {
        const violations = active.check(pod);
        if (violations.length > 0) {
          failures.push({ checkId: active.id, violations });
        }
      }
      return failures;
    },
  };
}
