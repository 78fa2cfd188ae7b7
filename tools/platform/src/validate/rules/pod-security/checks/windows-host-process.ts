import { containersOf, dig, type PodView } from "../pod-view.ts";
import type { CheckDefinition, Violation } from "./check.ts";

/** Windows HostProcess containers have privileged access to the Windows node. */
function check(pod: PodView): Violation[] {
  const violations: Violation[] = [];
  const expected = "unset or false";

  if (dig(pod.spec, "securityContext", "windowsOptions", "hostProcess") === true) {
    const path = ["spec", "securityContext", "windowsOptions", "hostProcess"];
    violations.push({ path, expected, found: "true" });
  }

  for (const container of containersOf(pod)) {
    if (dig(container.fields, "securityContext", "windowsOptions", "hostProcess") === true) {
      const path = [...container.path, "securityContext", "windowsOptions", "hostProcess"];
      violations.push({ path, container: container.name, expected, found: "true" });
    }
  }
  return violations;
}

export const windowsHostProcess: CheckDefinition = {
  id: "windowsHostProcess",
  level: "baseline",
  versions: [{ minimumMinor: 0, check }],
};
