import { containersOf, dig, inUserNamespace, isPresent, type PodView, shown } from "../pod-view.ts";
import type { CheckDefinition, Violation } from "./check.ts";

function check(pod: PodView): Violation[] {
  const violations: Violation[] = [];
  const podValue = dig(pod.spec, "securityContext", "runAsNonRoot");
  if (isPresent(podValue) && podValue !== true) {
    const path = ["spec", "securityContext", "runAsNonRoot"];
    violations.push({ path, expected: "true or unset", found: shown(podValue) });
  }

  for (const container of containersOf(pod)) {
    const value = dig(container.fields, "securityContext", "runAsNonRoot");
    const path = [...container.path, "securityContext", "runAsNonRoot"];
    if (isPresent(value) && value !== true) {
      violations.push({ path, container: container.name, expected: "true", found: shown(value) });
    } else if (!isPresent(value) && podValue !== true) {
      const expected = "true on the container or the pod";
      violations.push({ path, container: container.name, expected, found: "unset" });
    }
  }
  return violations;
}

/** From v1.35 pods in a user namespace (hostUsers: false) may run as root inside it. */
function checkUnlessUserNamespace(pod: PodView): Violation[] {
  return inUserNamespace(pod) ? [] : check(pod);
}

export const runAsNonRoot: CheckDefinition = {
  id: "runAsNonRoot",
  level: "restricted",
  versions: [
    { minimumMinor: 0, check },
    { minimumMinor: 35, check: checkUnlessUserNamespace },
  ],
};
