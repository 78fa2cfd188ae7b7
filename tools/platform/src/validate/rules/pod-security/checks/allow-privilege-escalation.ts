import { containersOf, dig, isWindows, type PodView, shown } from "../pod-view.ts";
import type { CheckDefinition, Violation } from "./check.ts";

/** Must be written as false: unset means allowed for a Linux container. */
function check(pod: PodView): Violation[] {
  return containersOf(pod)
    .map((container) => ({
      container,
      value: dig(container.fields, "securityContext", "allowPrivilegeEscalation"),
    }))
    .filter(({ value }) => value !== false)
    .map(({ container, value }) => ({
      path: [...container.path, "securityContext", "allowPrivilegeEscalation"],
      container: container.name,
      expected: "false",
      found: shown(value),
    }));
}

function checkUnlessWindows(pod: PodView): Violation[] {
  return isWindows(pod) ? [] : check(pod);
}

export const allowPrivilegeEscalation: CheckDefinition = {
  id: "allowPrivilegeEscalation",
  level: "restricted",
  versions: [
    { minimumMinor: 8, check },
    { minimumMinor: 25, check: checkUnlessWindows },
  ],
};
