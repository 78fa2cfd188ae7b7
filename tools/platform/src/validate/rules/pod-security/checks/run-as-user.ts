import { containersOf, dig, inUserNamespace, type PodView } from "../pod-view.ts";
import type { CheckDefinition, Violation } from "./check.ts";

function check(pod: PodView): Violation[] {
  const violations: Violation[] = [];
  const expected = "a non-zero user id or unset";
  if (dig(pod.spec, "securityContext", "runAsUser") === 0) {
    violations.push({ path: ["spec", "securityContext", "runAsUser"], expected, found: "0" });
  }

  for (const container of containersOf(pod)) {
    if (dig(container.fields, "securityContext", "runAsUser") === 0) {
      const path = [...container.path, "securityContext", "runAsUser"];
      violations.push({ path, container: container.name, expected, found: "0" });
    }
  }
  return violations;
}

/** From v1.35 pods in a user namespace (hostUsers: false) may run as uid 0 inside it. */
function checkUnlessUserNamespace(pod: PodView): Violation[] {
  return inUserNamespace(pod) ? [] : check(pod);
}

export const runAsUser: CheckDefinition = {
  id: "runAsUser",
  level: "restricted",
  versions: [
    { minimumMinor: 23, check },
    { minimumMinor: 35, check: checkUnlessUserNamespace },
  ],
};
