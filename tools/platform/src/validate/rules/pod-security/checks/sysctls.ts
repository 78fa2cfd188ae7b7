import { asFields, asList, dig, type PodView, shown } from "../pod-view.ts";
import type { CheckDefinition, CheckPod, Violation } from "./check.ts";

/**
 * The "safe" sysctls: namespaced and isolated from other pods. Each policy version adds to the
 * previous one's set (kubernetes/pod-security-admission, policy/check_sysctls.go).
 */
const safeFrom1_0 = [
  "kernel.shm_rmid_forced",
  "net.ipv4.ip_local_port_range",
  "net.ipv4.tcp_syncookies",
  "net.ipv4.ping_group_range",
  "net.ipv4.ip_unprivileged_port_start",
];
const safeFrom1_27 = [...safeFrom1_0, "net.ipv4.ip_local_reserved_ports"];
const safeFrom1_29 = [
  ...safeFrom1_27,
  "net.ipv4.tcp_keepalive_time",
  "net.ipv4.tcp_fin_timeout",
  "net.ipv4.tcp_keepalive_intvl",
  "net.ipv4.tcp_keepalive_probes",
];
const safeFrom1_32 = [...safeFrom1_29, "net.ipv4.tcp_rmem", "net.ipv4.tcp_wmem"];
const safeFrom1_37 = [
  ...safeFrom1_32,
  "net.ipv4.tcp_slow_start_after_idle",
  "net.ipv4.tcp_notsent_lowat",
];

function checkWith(names: readonly string[]): CheckPod {
  const safe = new Set(names);
  return (pod: PodView): Violation[] => {
    const violations: Violation[] = [];
    asList(dig(pod.spec, "securityContext", "sysctls")).forEach((item, index) => {
      const name = asFields(item)?.name;
      if (typeof name !== "string" || !safe.has(name)) {
        violations.push({
          path: ["spec", "securityContext", "sysctls", index, "name"],
          expected: "one of the sysctls this policy version deems safe",
          found: shown(name),
        });
      }
    });
    return violations;
  };
}

export const sysctls: CheckDefinition = {
  id: "sysctls",
  level: "baseline",
  versions: [
    { minimumMinor: 0, check: checkWith(safeFrom1_0) },
    { minimumMinor: 27, check: checkWith(safeFrom1_27) },
    { minimumMinor: 29, check: checkWith(safeFrom1_29) },
    { minimumMinor: 32, check: checkWith(safeFrom1_32) },
    { minimumMinor: 37, check: checkWith(safeFrom1_37) },
  ],
};
