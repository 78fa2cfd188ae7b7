import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Finding } from "../../model.ts";
import { manifestsFromYaml } from "../../test-support/manifests.ts";
import { checkNetwork, networkRule } from "./network-rule.ts";

function run(name: string): Finding[] {
  const file = `testdata/${name}`;
  const text = readFileSync(join(import.meta.dirname, file), "utf8");
  return checkNetwork({ manifests: manifestsFromYaml(text, file), helmValues: [] });
}

function summary(findings: Finding[]) {
  return findings.map((f) => ({
    at: `${f.object?.kind}/${f.object?.name}:${f.source.line}`,
    severity: f.severity,
    message: f.message,
  }));
}

describe("rule network", () => {
  it("passes an ambient namespace whose policies admit HBONE, probes, DNS and scrapes", () => {
    expect(summary(run("ambient-pass.yaml"))).toEqual([]);
  });

  it("takes HBONE from every pod as enough beside a rule for every source", () => {
    expect(summary(run("hbone-from-every-pod.yaml"))).toEqual([]);
  });

  it("asks for HBONE from every pod beside rules for every source or meshed port", () => {
    expect(summary(run("hbone-every-fail.yaml")).map((f) => f.at)).toEqual([
      "NetworkPolicy/web:49",
      "NetworkPolicy/web:58",
    ]);
  });

  it("reports the usual ambient mistakes where they were written", () => {
    const findings = summary(run("ambient-fail.yaml"));

    expect(findings.map((f) => f.at)).toEqual([
      "NetworkPolicy/web-ingress:66",
      "NetworkPolicy/web-ingress:64",
      "NetworkPolicy/egress:79",
      "NetworkPolicy/egress:88",
    ]);
    expect(findings[0]?.message).toBe(
      "ingress rule admits this peer to pods of Deployment web in ambient namespace shop: " +
        "expected TCP 15008 (HBONE) admitted from it too, found no policy selecting them that does",
    );
    expect(findings[1]?.message).toBe(
      "pods of Deployment web in ambient namespace shop are probed on port 8080 from " +
        "169.254.7.127/32: expected an ingress rule admitting it, found none in the policies " +
        "selecting them",
    );
    expect(findings[2]?.message).toBe(
      "egress of Deployment web, Deployment client in namespace shop is denied " +
        "(policies default-deny, egress) without DNS: " +
        "expected UDP 53 to kube-dns (namespace kube-system, pods k8s-app=kube-dns) admitted, " +
        "found no egress rule that does",
    );
    expect(findings[3]?.message).toContain(
      "egress rule admits this peer, which may be meshed, from pods of Deployment web, " +
        "Deployment client",
    );
    expect(findings.every((f) => f.severity === "error")).toBe(true);
  });

  it("asks for a default-deny ingress policy in every namespace that runs workloads", () => {
    const findings = summary(run("default-deny-missing.yaml"));

    expect(findings).toEqual([
      {
        at: "Namespace/billing:6",
        severity: "error",
        message:
          "namespace billing runs workloads (Deployment invoices) without a default-deny " +
          "ingress NetworkPolicy: expected one with podSelector {}, policyTypes [Ingress] and " +
          "no ingress rules, found none",
      },
      expect.objectContaining({ at: "Job/export:40", severity: "error" }),
    ]);
  });

  it("follows a ServiceMonitor to the container port and checks policy ports", () => {
    const findings = summary(run("scrape-and-ports-fail.yaml"));

    expect(findings).toEqual([
      {
        at: "ServiceMonitor/orders:50",
        severity: "error",
        message:
          "ServiceMonitor scrapes port 9090 of StatefulSet orders in namespace api: expected a " +
          "NetworkPolicy selecting them to admit TCP 9090 from namespace monitoring " +
          "(namespaceSelector kubernetes.io/metadata.name=monitoring), found none",
      },
      {
        at: "NetworkPolicy/orders:74",
        severity: "warning",
        message:
          "port 9000/TCP matches no container port of the pods this policy selects (policies " +
          "match container ports, not Service ports): expected one of theirs, found container " +
          "ports http 8080/TCP, metrics 9090/TCP",
      },
      expect.objectContaining({ at: "NetworkPolicy/orders:80", severity: "warning" }),
      {
        at: "NetworkPolicy/orders:81",
        severity: "error",
        message:
          'port "grpc" (TCP) names no container port of the pods this policy selects: expected ' +
          "one of theirs, found container ports http 8080/TCP, metrics 9090/TCP",
      },
    ]);
  });

  it("asks for the probe source beside a bare default-deny, in ambient namespaces only", () => {
    expect(summary(run("probes-behind-default-deny.yaml"))).toEqual([
      {
        at: "NetworkPolicy/default-deny:21",
        severity: "error",
        message:
          "pods of DaemonSet web in ambient namespace mesh are probed on port 8080 from " +
          "169.254.7.127/32: expected an ingress rule admitting it, found none in the policies " +
          "selecting them",
      },
    ]);
  });

  it("reports what the API server refuses and leaves those policies out", () => {
    const findings = summary(run("refused-policies.yaml"));
    const refused = "NetworkPolicy refused by the API server:";

    expect(findings.map((f) => f.at)).toEqual([
      "NetworkPolicy/bad-selector:79",
      "NetworkPolicy/default-deny:35",
      "NetworkPolicy/ports:46",
      "NetworkPolicy/ports:48",
      "NetworkPolicy/ports:50",
      "NetworkPolicy/ports:51",
      "NetworkPolicy/ports:52",
      "NetworkPolicy/ports:54",
      "NetworkPolicy/peers:65",
      "NetworkPolicy/peers:66",
      "NetworkPolicy/peers:68",
      "NetworkPolicy/peers:69",
      "NetworkPolicy/peers:69",
      "NetworkPolicy/peers:69",
      "NetworkPolicy/peers:70",
      "Namespace/shop:7",
    ]);
    expect(findings[0]?.message).toBe(
      `${refused} spec.podSelector: invalid label selector: matchLabels: key "app name": ` +
        "expected its name to be at most 63 characters, alphanumerics with '-', '_' or '.' " +
        "inside, alphanumeric at both ends",
    );
    expect(findings[1]?.message).toBe(
      `${refused} spec.policyTypes[1]: expected Ingress or Egress, found "Sideways"`,
    );
    expect(findings[2]?.message).toBe(
      `${refused} spec.ingress[0].ports[0].endPort: expected no endPort without a port, found 9000`,
    );
    expect(findings[3]?.message).toBe(
      `${refused} spec.ingress[0].ports[1].endPort: expected a number at least port 9000, ` +
        "found 8000",
    );
    expect(findings[4]?.message).toContain("expected no endPort with a named port");
    expect(findings[8]?.message).toBe(
      `${refused} spec.ingress[0].from[0]: expected podSelector, namespaceSelector or ipBlock, ` +
        "found none",
    );
    expect(findings[11]?.message).toBe(
      `${refused} spec.ingress[0].from[3].ipBlock.except[0]: expected a strict subset of cidr ` +
        '10.0.0.0/24, found "192.168.0.0/24"',
    );
    expect(findings.every((f) => f.severity === "error")).toBe(true);
  });

  it("describes itself for the rule table", () => {
    expect(networkRule.id).toBe("network");
  });
});
