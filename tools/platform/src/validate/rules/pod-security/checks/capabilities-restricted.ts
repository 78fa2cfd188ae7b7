import { asList, containersOf, dig, isWindows, type PodView, shown } from "../pod-view.ts";
import { capabilitiesBaselineId } from "./capabilities-baseline.ts";
import type { CheckDefinition, Violation } from "./check.ts";

/** Every container drops ALL and adds back at most NET_BIND_SERVICE. */
function check(pod: PodView): Violation[] {
  const violations: Violation[] = [];
  for (const container of containersOf(pod)) {
    const path = [...container.path, "securityContext", "capabilities"];
    const drop = asList(dig(container.fields, "securityContext", "capabilities", "drop"));
    if (!drop.includes("ALL")) {
      violations.push({
        path: [...path, "drop"],
        container: container.name,
        expected: 'a list that includes "ALL"',
        found: drop.length === 0 ? "unset" : shown(drop),
      });
    }

    const add = asList(dig(container.fields, "securityContext", "capabilities", "add"));
    add.forEach((capability, index) => {
      if (capability !== "NET_BIND_SERVICE") {
        violations.push({
          path: [...path, "add", index],
          container: container.name,
          expected: 'only "NET_BIND_SERVICE"',
          found: shown(capability),
        });
      }
    });
  }
  return violations;
}

function checkUnlessWindows(pod: PodView): Violation[] {
  return isWindows(pod) ? [] : check(pod);
}

export const capabilitiesRestricted: CheckDefinition = {
  id: "capabilities_restricted",
  level: "restricted",
  versions: [
    { minimumMinor: 22, check, overrides: [capabilitiesBaselineId] },
    { minimumMinor: 25, check: checkUnlessWindows, overrides: [capabilitiesBaselineId] },
  ],
};
