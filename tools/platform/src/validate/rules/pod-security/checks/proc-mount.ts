import { containersOf, dig, inUserNamespace, isPresent, type PodView, shown } from "../pod-view.ts";
import type { CheckDefinition, Violation } from "./check.ts";

function checkDefaultMask(pod: PodView): Violation[] {
  const violations: Violation[] = [];
  for (const container of containersOf(pod)) {
    const procMount = dig(container.fields, "securityContext", "procMount");
    if (isPresent(procMount) && procMount !== "Default") {
      violations.push({
        path: [...container.path, "securityContext", "procMount"],
        container: container.name,
        expected: 'unset or "Default"',
        found: shown(procMount),
      });
    }
  }
  return violations;
}

/** From v1.35 baseline lets pods in a user namespace (hostUsers: false) unmask /proc. */
function checkUnlessUserNamespace(pod: PodView): Violation[] {
  return inUserNamespace(pod) ? [] : checkDefaultMask(pod);
}

export const procMountBaselineId = "procMount";

export const procMount: CheckDefinition = {
  id: procMountBaselineId,
  level: "baseline",
  versions: [
    { minimumMinor: 0, check: checkDefaultMask },
    { minimumMinor: 35, check: checkUnlessUserNamespace },
  ],
};

/** Restricted keeps the default mask even in a user namespace, from v1.35 on. */
export const procMountRestricted: CheckDefinition = {
  id: "procMount_restricted",
  level: "restricted",
  versions: [{ minimumMinor: 35, check: checkDefaultMask, overrides: [procMountBaselineId] }],
};
