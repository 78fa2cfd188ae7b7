import { containersOf, dig, type PodView, shown } from "../pod-view.ts";
import type { CheckDefinition, Violation } from "./check.ts";

/** A probe or hook with a host sends the kubelet's requests elsewhere than the pod. */
const handlers = [
  ["livenessProbe"],
  ["readinessProbe"],
  ["startupProbe"],
  ["lifecycle", "postStart"],
  ["lifecycle", "preStop"],
] as const;
const actions = ["httpGet", "tcpSocket"] as const;

function check(pod: PodView): Violation[] {
  const violations: Violation[] = [];
  for (const container of containersOf(pod)) {
    for (const handler of handlers) {
      for (const action of actions) {
        const host = dig(container.fields, ...handler, action, "host");
        if (typeof host === "string" && host !== "") {
          violations.push({
            path: [...container.path, ...handler, action, "host"],
            container: container.name,
            expected: "unset or empty",
            found: shown(host),
          });
        }
      }
    }
  }
  return violations;
}

export const hostProbesAndHostLifecycle: CheckDefinition = {
  id: "hostProbesAndHostLifecycle",
  level: "baseline",
  versions: [{ minimumMinor: 34, check }],
};
