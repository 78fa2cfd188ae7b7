import { asFields, asList, containersOf, type PodView, shown } from "../pod-view.ts";
import type { CheckDefinition, Violation } from "./check.ts";

function check(pod: PodView): Violation[] {
  const violations: Violation[] = [];
  for (const container of containersOf(pod)) {
    asList(container.fields.ports).forEach((item, index) => {
      const hostPort = asFields(item)?.hostPort;
      if (hostPort !== undefined && hostPort !== null && hostPort !== 0) {
        violations.push({
          path: [...container.path, "ports", index, "hostPort"],
          container: container.name,
          expected: "unset or 0",
          found: shown(hostPort),
        });
      }
    });
  }
  return violations;
}

export const hostPorts: CheckDefinition = {
  id: "hostPorts",
  level: "baseline",
  versions: [{ minimumMinor: 0, check }],
};
