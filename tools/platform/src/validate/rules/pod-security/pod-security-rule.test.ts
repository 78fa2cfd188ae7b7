import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Finding } from "../../model.ts";
import { manifestOf, manifestsFromYaml } from "../../test-support/manifests.ts";
import { checkPodSecurity, podSecurityRule } from "./pod-security-rule.ts";

function fixture(name: string) {
  const file = `testdata/${name}`;
  return manifestsFromYaml(readFileSync(join(import.meta.dirname, file), "utf8"), file);
}

function run(name: string): Finding[] {
  return checkPodSecurity({ manifests: fixture(name), helmValues: [] });
}

describe("rule pod-security", () => {
  it("passes workloads of every kind that meet the enforced level", () => {
    expect(run("restricted-pass.yaml")).toEqual([]);
  });

  it("reports each failing check of a Rollout and a CronJob with its field and line", () => {
    const findings = run("restricted-fail.yaml");
    const summary = findings.map((f) => [f.severity, f.object?.kind, f.source.line, f.message]);

    expect(summary).toEqual([
      [
        "error",
        "Rollout",
        25,
        "check allowPrivilegeEscalation (restricted:v1.30 enforced in namespace shop; its pods " +
          'would be refused): container "migrate" ' +
          "spec.template.spec.initContainers[0].securityContext.allowPrivilegeEscalation: " +
          "expected false, found unset",
      ],
      [
        "error",
        "CronJob",
        54,
        "check restrictedVolumes (restricted:v1.30 enforced in namespace shop; its pods would " +
          "be refused): spec.jobTemplate.spec.template.spec.volumes[0].hostPath: expected a " +
          "volume of type configMap, csi, downwardAPI, emptyDir, ephemeral, image, " +
          'persistentVolumeClaim, projected, secret, found volume "data" of type hostPath',
      ],
    ]);
    expect(findings[0]?.object).toEqual({ kind: "Rollout", namespace: "shop", name: "api" });
    expect(findings[0]?.source.file).toBe("testdata/restricted-fail.yaml");
  });

  it("reports enforce failures as errors and stricter warn/audit failures as warnings", () => {
    const findings = run("warn-and-audit.yaml");
    const errors = findings.filter((f) => f.severity === "error");
    const warnings = findings.filter((f) => f.severity === "warning");

    expect(errors.map((f) => f.message)).toEqual([
      "check hostPorts (baseline:latest enforced in namespace tools; its pods would be " +
        'refused): container "cache" spec.template.spec.containers[0].ports[0].hostPort: ' +
        "expected unset or 0, found 6379",
    ]);
    expect(warnings.map((f) => f.message.split(":")[0])).toEqual([
      "check allowPrivilegeEscalation (restricted",
      "check capabilities_restricted (restricted",
      "check runAsNonRoot (restricted",
      "check seccompProfile_restricted (restricted",
    ]);
    expect(warnings[0]?.message).toContain("(restricted:latest audit and warn in namespace tools)");
  });

  it("says nothing where the cluster default (privileged) applies", () => {
    expect(run("privileged-by-default.yaml")).toEqual([]);
  });

  it("reports labels the API server refuses, and evaluates them as upstream does", () => {
    const findings = run("bad-labels.yaml");

    expect(findings.slice(0, 2).map((f) => [f.source.line, f.message])).toEqual([
      [
        7,
        "label pod-security.kubernetes.io/enforce: expected privileged, baseline or restricted, " +
          'found "restriced"',
      ],
      [
        8,
        'label pod-security.kubernetes.io/enforce-version: expected "latest" or "v1.<minor>", ' +
          'found "1.30"',
      ],
    ]);
    expect(findings.slice(2).every((f) => f.message.includes("restricted:latest enforced"))).toBe(
      true,
    );
    expect(findings.length).toBeGreaterThan(2);
  });

  it("reads a warn level that follows enforce when warn is not set", () => {
    const namespace = manifestOf({
      apiVersion: "v1",
      kind: "Namespace",
      metadata: {
        name: "n",
        labels: {
          "pod-security.kubernetes.io/enforce": "baseline",
          "pod-security.kubernetes.io/audit": "baseline",
        },
      },
    });
    const pod = manifestOf({
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name: "p", namespace: "n" },
      spec: { containers: [{ name: "c", securityContext: { privileged: true } }] },
    });

    const findings = checkPodSecurity({ manifests: [namespace, pod], helmValues: [] });

    expect(findings.map((f) => [f.severity, f.message.split(":")[0]])).toEqual([
      ["error", "check privileged (baseline"],
    ]);
  });

  it("describes itself for the rule table", () => {
    expect(podSecurityRule.id).toBe("pod-security");
    expect(podSecurityRule.summary.length).toBeGreaterThan(20);
  });
});
