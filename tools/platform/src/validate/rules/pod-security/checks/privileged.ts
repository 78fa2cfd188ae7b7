import { containersOf, dig, type PodView } from "../pod-view.ts";
import type { CheckDefinition, Violation } from "./check.ts";

function check(pod: PodView): Violation[] {
  return containersOf(pod)
    .filter((container) => dig(container.fields, "securityContext", "privileged") === true)
    .map((container) => ({
      path: [...container.path, "securityContext", "privileged"],
      container: container.name,
      expected: "unset or false",
      found: "true",
    }));
}

export const privileged: CheckDefinition = {
  id: "privileged",
  level: "baseline",
  versions: [{ minimumMinor: 0, check }],
};
