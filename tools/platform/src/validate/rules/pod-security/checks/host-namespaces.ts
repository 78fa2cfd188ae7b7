import type { PodView } from "../pod-view.ts";
import type { CheckDefinition, Violation } from "./check.ts";

const hostNamespaceFields = ["hostNetwork", "hostPID", "hostIPC"] as const;

/** Sharing the node's network, PID or IPC namespace. */
function check(pod: PodView): Violation[] {
  return hostNamespaceFields
    .filter((field) => pod.spec[field] === true)
    .map((field) => ({ path: ["spec", field], expected: "unset or false", found: "true" }));
}

export const hostNamespaces: CheckDefinition = {
  id: "hostNamespaces",
  level: "baseline",
  versions: [{ minimumMinor: 0, check }],
};
