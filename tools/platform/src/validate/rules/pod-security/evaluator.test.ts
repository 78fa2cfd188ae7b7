/**
 * Verdicts of pod-security-admission, per level and policy version, for the cases of its own
 * test fixtures (kubernetes/pod-security-admission, test/fixtures_*.go): each row is a pod and the
 * checks that refuse it, or none when it is admitted.
 */

import { describe, expect, it } from "vitest";
import { allChecks } from "./checks/all-checks.ts";
import { createEvaluator } from "./evaluator.ts";
import type { Fields } from "./pod-view.ts";
import { parseVersion } from "./policy-version.ts";

type Level = "baseline" | "restricted";
type Json = Record<string, unknown>;

/** The smallest pods each level admits, as in the upstream fixtures. */
function minimalPod(level: Level): { metadata: Json; spec: Json } {
  if (level === "baseline") {
    return {
      metadata: {},
      spec: {
        initContainers: [{ name: "init", image: "registry.k8s.io/pause" }],
        containers: [{ name: "app", image: "registry.k8s.io/pause" }],
      },
    };
  }
  const restricted = { allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] } };
  return {
    metadata: {},
    spec: {
      securityContext: { runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } },
      initContainers: [
        { name: "init", image: "registry.k8s.io/pause", securityContext: restricted },
      ],
      containers: [{ name: "app", image: "registry.k8s.io/pause", securityContext: restricted }],
    },
  };
}

/** Merges `patch` into `target`; objects merge, everything else (arrays too) replaces. */
function merge(target: Json, patch: Json): Json {
  const result: Json = { ...target };
  for (const [key, value] of Object.entries(patch)) {
    const current = result[key];
    const bothObjects =
      typeof value === "object" &&
      value !== null &&
      !Array.isArray(value) &&
      typeof current === "object" &&
      current !== null &&
      !Array.isArray(current);
    result[key] = bothObjects ? merge(current as Json, value as Json) : value;
  }
  return result;
}

/** Sets securityContext fields on the app container, keeping the level's defaults. */
function app(level: Level, securityContext: Json, extra: Json = {}): Json {
  const base = (minimalPod(level).spec.containers as Json[])[0] as Json;
  return merge(base, { securityContext, ...extra });
}

interface Row {
  name: string;
  level: Level;
  /** Patched onto the level's minimal pod: `spec` and `metadata` merge, lists replace. */
  pod: Json;
  /** Failing check ids per policy version label. */
  verdicts: Record<string, string[]>;
}

const B: Level = "baseline";
const R: Level = "restricted";
const all = (ids: string[]) => ({ "v1.30": ids, "v1.34": ids, "v1.37": ids, latest: ids });

const rows: Row[] = [
  { name: "the minimal baseline pod", level: B, pod: {}, verdicts: all([]) },
  { name: "the minimal restricted pod", level: R, pod: {}, verdicts: all([]) },
  {
    name: "a pod with no security settings at restricted",
    level: R,
    pod: { spec: { ...minimalPod(B).spec, securityContext: null } },
    verdicts: all([
      "allowPrivilegeEscalation",
      "capabilities_restricted",
      "runAsNonRoot",
      "seccompProfile_restricted",
    ]),
  },

  // windowsHostProcess
  {
    name: "pod hostProcess true",
    level: B,
    pod: { spec: { securityContext: { windowsOptions: { hostProcess: true } } } },
    verdicts: all(["windowsHostProcess"]),
  },
  {
    name: "container hostProcess true",
    level: B,
    pod: { spec: { containers: [app(B, { windowsOptions: { hostProcess: true } })] } },
    verdicts: all(["windowsHostProcess"]),
  },
  {
    name: "hostProcess false",
    level: B,
    pod: { spec: { containers: [app(B, { windowsOptions: { hostProcess: false } })] } },
    verdicts: all([]),
  },

  // hostNamespaces
  {
    name: "hostNetwork",
    level: B,
    pod: { spec: { hostNetwork: true } },
    verdicts: all(["hostNamespaces"]),
  },
  {
    name: "hostPID",
    level: B,
    pod: { spec: { hostPID: true } },
    verdicts: all(["hostNamespaces"]),
  },
  {
    name: "hostIPC",
    level: R,
    pod: { spec: { hostIPC: true } },
    verdicts: all(["hostNamespaces"]),
  },
  {
    name: "host namespaces false",
    level: B,
    pod: { spec: { hostNetwork: false } },
    verdicts: all([]),
  },

  // privileged
  {
    name: "privileged init container",
    level: B,
    pod: { spec: { initContainers: [{ name: "init", securityContext: { privileged: true } }] } },
    verdicts: all(["privileged"]),
  },
  {
    name: "privileged false",
    level: B,
    pod: { spec: { containers: [app(B, { privileged: false })] } },
    verdicts: all([]),
  },
  {
    name: "privileged ephemeral container",
    level: B,
    pod: {
      spec: { ephemeralContainers: [{ name: "debug", securityContext: { privileged: true } }] },
    },
    verdicts: all(["privileged"]),
  },

  // capabilities
  {
    name: "baseline adds NET_RAW",
    level: B,
    pod: { spec: { containers: [app(B, { capabilities: { add: ["NET_RAW"] } })] } },
    verdicts: all(["capabilities_baseline"]),
  },
  {
    name: "baseline adds default capabilities",
    level: B,
    pod: { spec: { containers: [app(B, { capabilities: { add: ["CHOWN", "SETUID", "KILL"] } })] } },
    verdicts: all([]),
  },
  {
    name: "baseline adds a prefixed name",
    level: B,
    pod: { spec: { containers: [app(B, { capabilities: { add: ["CAP_CHOWN"] } })] } },
    verdicts: all(["capabilities_baseline"]),
  },
  {
    name: "restricted without drop ALL",
    level: R,
    pod: { spec: { containers: [app(R, { capabilities: { drop: ["NET_RAW"] } })] } },
    verdicts: all(["capabilities_restricted"]),
  },
  {
    name: "restricted adds NET_BIND_SERVICE",
    level: R,
    pod: {
      spec: {
        containers: [app(R, { capabilities: { drop: ["ALL"], add: ["NET_BIND_SERVICE"] } })],
      },
    },
    verdicts: all([]),
  },
  {
    name: "restricted adds a baseline default capability (baseline check overridden)",
    level: R,
    pod: { spec: { containers: [app(R, { capabilities: { drop: ["ALL"], add: ["CHOWN"] } })] } },
    verdicts: all(["capabilities_restricted"]),
  },

  // hostPath and volume types
  {
    name: "hostPath volume at baseline",
    level: B,
    pod: { spec: { volumes: [{ name: "host", hostPath: { path: "/var/run" } }] } },
    verdicts: all(["hostPathVolumes"]),
  },
  {
    name: "hostPath volume at restricted (hostPathVolumes overridden)",
    level: R,
    pod: { spec: { volumes: [{ name: "host", hostPath: { path: "/var/run" } }] } },
    verdicts: all(["restrictedVolumes"]),
  },
  {
    name: "nfs volume at baseline",
    level: B,
    pod: { spec: { volumes: [{ name: "nfs", nfs: { server: "nfs", path: "/" } }] } },
    verdicts: all([]),
  },
  {
    name: "nfs volume at restricted",
    level: R,
    pod: { spec: { volumes: [{ name: "nfs", nfs: { server: "nfs", path: "/" } }] } },
    verdicts: all(["restrictedVolumes"]),
  },
  {
    name: "every allowed volume type, and one defaulted to emptyDir",
    level: R,
    pod: {
      spec: {
        volumes: [
          { name: "implicit" },
          { name: "a", emptyDir: {} },
          { name: "b", secret: { secretName: "s" } },
          { name: "c", configMap: { name: "c" } },
          { name: "d", persistentVolumeClaim: { claimName: "p" } },
          { name: "e", projected: { sources: [] } },
          { name: "f", downwardAPI: { items: [] } },
          { name: "g", csi: { driver: "d" } },
          { name: "h", ephemeral: { volumeClaimTemplate: { spec: {} } } },
          { name: "i", image: { reference: "registry.k8s.io/pause" } },
        ],
      },
    },
    verdicts: all([]),
  },

  // hostPorts
  {
    name: "hostPort",
    level: B,
    pod: { spec: { containers: [app(B, {}, { ports: [{ containerPort: 80, hostPort: 8080 }] })] } },
    verdicts: all(["hostPorts"]),
  },
  {
    name: "hostPort 0",
    level: B,
    pod: { spec: { containers: [app(B, {}, { ports: [{ containerPort: 80, hostPort: 0 }] })] } },
    verdicts: all([]),
  },

  // AppArmor
  {
    name: "AppArmor annotation unconfined",
    level: B,
    pod: {
      metadata: {
        annotations: { "container.apparmor.security.beta.kubernetes.io/app": "unconfined" },
      },
    },
    verdicts: all(["appArmorProfile"]),
  },
  {
    name: "AppArmor annotations runtime/default and localhost",
    level: B,
    pod: {
      metadata: {
        annotations: {
          "container.apparmor.security.beta.kubernetes.io/app": "runtime/default",
          "container.apparmor.security.beta.kubernetes.io/init": "localhost/custom",
        },
      },
    },
    verdicts: all([]),
  },
  {
    name: "AppArmor pod field Unconfined",
    level: B,
    pod: { spec: { securityContext: { appArmorProfile: { type: "Unconfined" } } } },
    verdicts: all(["appArmorProfile"]),
  },
  {
    name: "AppArmor container field Localhost",
    level: R,
    pod: {
      spec: {
        containers: [app(R, { appArmorProfile: { type: "Localhost", localhostProfile: "p" } })],
      },
    },
    verdicts: all([]),
  },

  // SELinux
  {
    name: "SELinux type spc_t",
    level: B,
    pod: { spec: { securityContext: { seLinuxOptions: { type: "spc_t" } } } },
    verdicts: all(["seLinuxOptions"]),
  },
  {
    name: "SELinux type container_engine_t (allowed from v1.31)",
    level: B,
    pod: { spec: { containers: [app(B, { seLinuxOptions: { type: "container_engine_t" } })] } },
    verdicts: { "v1.30": ["seLinuxOptions"], "v1.31": [], latest: [] },
  },
  {
    name: "SELinux user set",
    level: B,
    pod: { spec: { securityContext: { seLinuxOptions: { user: "system_u" } } } },
    verdicts: all(["seLinuxOptions"]),
  },
  {
    name: "SELinux role set",
    level: B,
    pod: { spec: { containers: [app(B, { seLinuxOptions: { role: "system_r" } })] } },
    verdicts: all(["seLinuxOptions"]),
  },
  {
    name: "SELinux level only",
    level: R,
    pod: { spec: { securityContext: { seLinuxOptions: { type: "container_t", level: "s0:c1" } } } },
    verdicts: all([]),
  },

  // /proc mount
  {
    name: "procMount Unmasked",
    level: B,
    pod: { spec: { containers: [app(B, { procMount: "Unmasked" })] } },
    verdicts: all(["procMount"]),
  },
  {
    name: "procMount Default",
    level: B,
    pod: { spec: { containers: [app(B, { procMount: "Default" })] } },
    verdicts: all([]),
  },
  {
    name: "procMount Unmasked in a user namespace at baseline (relaxed from v1.35)",
    level: B,
    pod: { spec: { hostUsers: false, containers: [app(B, { procMount: "Unmasked" })] } },
    verdicts: { "v1.30": ["procMount"], "v1.34": ["procMount"], "v1.35": [], latest: [] },
  },
  {
    name: "procMount Unmasked in a user namespace at restricted (never relaxed)",
    level: R,
    pod: { spec: { hostUsers: false, containers: [app(R, { procMount: "Unmasked" })] } },
    verdicts: {
      "v1.34": ["procMount"],
      "v1.35": ["procMount_restricted"],
      latest: ["procMount_restricted"],
    },
  },

  // seccomp
  {
    name: "seccomp pod Unconfined at baseline",
    level: B,
    pod: { spec: { securityContext: { seccompProfile: { type: "Unconfined" } } } },
    verdicts: all(["seccompProfile_baseline"]),
  },
  {
    name: "seccomp container Unconfined at restricted (baseline check overridden)",
    level: R,
    pod: { spec: { containers: [app(R, { seccompProfile: { type: "Unconfined" } })] } },
    verdicts: all(["seccompProfile_restricted"]),
  },
  {
    name: "seccomp set per container, RuntimeDefault and Localhost, none on the pod",
    level: R,
    pod: {
      spec: {
        securityContext: { runAsNonRoot: true, seccompProfile: null },
        initContainers: [
          merge((minimalPod(R).spec.initContainers as Json[])[0] as Json, {
            securityContext: { seccompProfile: { type: "RuntimeDefault" } },
          }),
        ],
        containers: [app(R, { seccompProfile: { type: "Localhost", localhostProfile: "p.json" } })],
      },
    },
    verdicts: all([]),
  },
  {
    name: "seccomp missing on one container and on the pod",
    level: R,
    pod: {
      spec: {
        securityContext: { runAsNonRoot: true, seccompProfile: null },
        containers: [app(R, { seccompProfile: { type: "RuntimeDefault" } })],
      },
    },
    verdicts: all(["seccompProfile_restricted"]),
  },
  {
    name: "seccomp alpha annotation unconfined (checked only before v1.19)",
    level: B,
    pod: {
      metadata: { annotations: { "seccomp.security.alpha.kubernetes.io/pod": "unconfined" } },
    },
    verdicts: { "v1.18": ["seccompProfile_baseline"], "v1.19": [], "v1.30": [], latest: [] },
  },

  // sysctls
  {
    name: "unsafe sysctl",
    level: B,
    pod: { spec: { securityContext: { sysctls: [{ name: "kernel.msgmax", value: "1" }] } } },
    verdicts: all(["sysctls"]),
  },
  {
    name: "sysctl net.ipv4.tcp_keepalive_time (safe from v1.29)",
    level: B,
    pod: {
      spec: { securityContext: { sysctls: [{ name: "net.ipv4.tcp_keepalive_time", value: "1" }] } },
    },
    verdicts: { "v1.28": ["sysctls"], "v1.29": [], "v1.30": [], latest: [] },
  },
  {
    name: "sysctl net.ipv4.tcp_rmem (safe from v1.32)",
    level: B,
    pod: { spec: { securityContext: { sysctls: [{ name: "net.ipv4.tcp_rmem", value: "4096" }] } } },
    verdicts: { "v1.30": ["sysctls"], "v1.31": ["sysctls"], "v1.32": [], latest: [] },
  },
  {
    name: "sysctl net.ipv4.tcp_notsent_lowat (safe from v1.37)",
    level: R,
    pod: {
      spec: {
        securityContext: {
          runAsNonRoot: true,
          seccompProfile: { type: "RuntimeDefault" },
          sysctls: [{ name: "net.ipv4.tcp_notsent_lowat", value: "16384" }],
        },
      },
    },
    verdicts: { "v1.36": ["sysctls"], "v1.37": [], latest: [], "v1.99": [] },
  },

  // probe and lifecycle hosts
  {
    name: "readiness probe with a host (checked from v1.34)",
    level: B,
    pod: {
      spec: {
        containers: [app(B, {}, { readinessProbe: { httpGet: { host: "10.0.0.1", port: 80 } } })],
      },
    },
    verdicts: {
      "v1.33": [],
      "v1.34": ["hostProbesAndHostLifecycle"],
      latest: ["hostProbesAndHostLifecycle"],
    },
  },
  {
    name: "preStop tcpSocket host in an init container",
    level: R,
    pod: {
      spec: {
        initContainers: [
          merge((minimalPod(R).spec.initContainers as Json[])[0] as Json, {
            lifecycle: { preStop: { tcpSocket: { host: "example.com", port: 80 } } },
          }),
        ],
      },
    },
    verdicts: { "v1.30": [], latest: ["hostProbesAndHostLifecycle"] },
  },

  // privilege escalation
  {
    name: "allowPrivilegeEscalation true",
    level: R,
    pod: { spec: { containers: [app(R, { allowPrivilegeEscalation: true })] } },
    verdicts: all(["allowPrivilegeEscalation"]),
  },
  {
    name: "allowPrivilegeEscalation unset",
    level: R,
    pod: { spec: { containers: [app(R, { allowPrivilegeEscalation: null })] } },
    verdicts: all(["allowPrivilegeEscalation"]),
  },
  {
    name: "a Windows pod without Linux-only settings",
    level: R,
    pod: {
      spec: {
        os: { name: "windows" },
        securityContext: { runAsNonRoot: true, seccompProfile: null },
        initContainers: [{ name: "init" }],
        containers: [{ name: "app" }],
      },
    },
    verdicts: all([]),
  },

  // running as root
  {
    name: "runAsNonRoot false on the pod",
    level: R,
    pod: { spec: { securityContext: { runAsNonRoot: false } } },
    verdicts: all(["runAsNonRoot"]),
  },
  {
    name: "runAsNonRoot on every container, not on the pod",
    level: R,
    pod: {
      spec: {
        securityContext: { runAsNonRoot: null },
        initContainers: [
          merge((minimalPod(R).spec.initContainers as Json[])[0] as Json, {
            securityContext: { runAsNonRoot: true },
          }),
        ],
        containers: [app(R, { runAsNonRoot: true })],
      },
    },
    verdicts: all([]),
  },
  {
    name: "runAsNonRoot false on a container under a true pod",
    level: R,
    pod: { spec: { containers: [app(R, { runAsNonRoot: false })] } },
    verdicts: all(["runAsNonRoot"]),
  },
  {
    name: "runAsUser 0 on the pod",
    level: R,
    pod: { spec: { securityContext: { runAsUser: 0 } } },
    verdicts: all(["runAsUser"]),
  },
  {
    name: "runAsUser 0 on a container",
    level: R,
    pod: { spec: { containers: [app(R, { runAsUser: 0 })] } },
    verdicts: all(["runAsUser"]),
  },
  {
    name: "runAsUser 1000",
    level: R,
    pod: { spec: { securityContext: { runAsUser: 1000 } } },
    verdicts: all([]),
  },
  {
    name: "root in a user namespace (relaxed from v1.35)",
    level: R,
    pod: { spec: { hostUsers: false, securityContext: { runAsNonRoot: null, runAsUser: 0 } } },
    verdicts: {
      "v1.30": ["runAsNonRoot", "runAsUser"],
      "v1.34": ["runAsNonRoot", "runAsUser"],
      "v1.35": [],
      latest: [],
    },
  },
];

/** null in a patch removes the field, as an absent field reads in the API. */
function withoutNulls(value: unknown): unknown {
  if (Array.isArray(value)) {
    return value.map(withoutNulls);
  }
  if (typeof value === "object" && value !== null) {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([, v]) => v !== null)
        .map(([k, v]) => [k, withoutNulls(v)]),
    );
  }
  return value;
}

function podFor(row: Row): { metadata: Fields; spec: Fields } {
  const base = minimalPod(row.level);
  const patched = merge(base as Json, row.pod);
  return withoutNulls(patched) as { metadata: Fields; spec: Fields };
}

const evaluator = createEvaluator(allChecks);

describe("pod-security-admission verdicts", () => {
  const cases = rows.flatMap((row) =>
    Object.entries(row.verdicts).map(([version, expected]) => ({ row, version, expected })),
  );

  it.each(cases)(
    "$row.level $version: $row.name refused by $expected",
    ({ row, version, expected }) => {
      const parsed = parseVersion(version);
      expect(parsed.valid).toBe(true);
      const failures = evaluator.evaluate(row.level, parsed.version, podFor(row));
      expect(failures.map((f) => f.checkId).sort()).toEqual([...expected].sort());
    },
  );

  it("admits everything at privileged", () => {
    const pod = podFor(rows.find((r) => r.name === "hostNetwork") as Row);
    expect(evaluator.evaluate("privileged", parseVersion("v1.30").version, pod)).toEqual([]);
  });

  it("evaluates latest and future versions as the newest policy, v1.37", () => {
    expect(evaluator.newestMinor).toBe(37);
  });
});
