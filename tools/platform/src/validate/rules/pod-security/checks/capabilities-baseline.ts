import { asList, containersOf, dig, type PodView, shown } from "../pod-view.ts";
import type { CheckDefinition, Violation } from "./check.ts";

/** The container runtime's default set; anything else added (NET_RAW included) is refused. */
const allowedCapabilities = new Set([
  "AUDIT_WRITE",
  "CHOWN",
  "DAC_OVERRIDE",
  "FOWNER",
  "FSETID",
  "KILL",
  "MKNOD",
  "NET_BIND_SERVICE",
  "SETFCAP",
  "SETGID",
  "SETPCAP",
  "SETUID",
  "SYS_CHROOT",
]);

function check(pod: PodView): Violation[] {
  const violations: Violation[] = [];
  for (const container of containersOf(pod)) {
    asList(dig(container.fields, "securityContext", "capabilities", "add")).forEach((cap, i) => {
      if (typeof cap !== "string" || !allowedCapabilities.has(cap)) {
        violations.push({
          path: [...container.path, "securityContext", "capabilities", "add", i],
          container: container.name,
          expected: "only capabilities of the runtime's default set",
          found: shown(cap),
        });
      }
    });
  }
  return violations;
}

export const capabilitiesBaselineId = "capabilities_baseline";

export const capabilitiesBaseline: CheckDefinition = {
  id: capabilitiesBaselineId,
  level: "baseline",
  versions: [{ minimumMinor: 0, check }],
};
