import { describe, expect, it } from "vitest";
import { brief, runRuleOnFixture } from "../rule-fixture.ts";
import { schemaRule } from "./schema-rule.ts";

describe("schema rule", () => {
  it("passes valid objects of every upstream schema and of the repository's CRDs", async () => {
    // Core, Argo Rollouts, Gateway API, prometheus-operator and Istio objects, and CRD objects.
    const { findings } = await runRuleOnFixture(schemaRule, "schema/pass");
    expect(findings.filter((finding) => finding.severity !== "info")).toEqual([]);
  });

  it("says that Helm charts are not rendered here", async () => {
    const { findings } = await runRuleOnFixture(schemaRule, "schema/pass");
    expect(findings.map(brief)).toEqual([
      "objects.yaml:88 info chart deploy is rendered by Argo CD at sync; its objects are not " +
        "schema-checked here (no Helm on this machine), only its values are read",
    ]);
  });

  it("reports wrong types, enums, names and kinds, and missing or unknown fields", async () => {
    // Unknown fields are errors on core kinds and warnings on custom resources (objects.yaml:65).
    const { findings } = await runRuleOnFixture(schemaRule, "schema/fail");
    expect(findings.map(brief)).toEqual([
      "crd.yaml:43 error expected field spec.size, found none",
      "crd.yaml:44 error unknown field spec.colour (not in the CRD's schema)",
      "objects.yaml:6 error expected field spec.selector, found none",
      'objects.yaml:7 error spec.replicas: expected integer, found string "2"',
      "objects.yaml:16 error spec.template.spec.containers[0].imagePullPolicy: expected one of " +
        '"Always", "IfNotPresent", "Never", found string "Sometimes"',
      "objects.yaml:18 error spec.template.spec.containers[0].ports[0].containerPort: expected " +
        'integer, found string "http"',
      "objects.yaml:19 error unknown field spec.template.spec.containers[0].resource (not in the " +
        "Deployment schema of kubernetes-models)",
      "objects.yaml:26 error expected a lowercase RFC 1123 name " +
        '(a-z, 0-9, "-", "."), found "Web_Service"',
      "objects.yaml:29 error expected label app.kubernetes.io/version to be a string of at most " +
        '63 characters (A-Z, a-z, 0-9, "-", "_", "."), found "1.0 beta"',
      "objects.yaml:35 error expected an apiVersion and kind from the upstream schemas " +
        "(Kubernetes, Argo Rollouts, Argo CD, Istio, Gateway API, prometheus-operator) or a " +
        "CustomResourceDefinition in this repository, found networking.istio.io/v9 VirtualService",
      "objects.yaml:41 error expected an apiVersion and kind from the upstream schemas " +
        "(Kubernetes, Argo Rollouts, Argo CD, Istio, Gateway API, prometheus-operator) or a " +
        "CustomResourceDefinition in this repository, found example.com/v1 Gadget",
      "objects.yaml:65 warning unknown field spec.strategy.canary.stepz (not in the Rollout " +
        "schema of @kubernetes-models/argo-rollouts)",
      "objects.yaml:72 error spec: expected object, found null (the key has no value)",
    ]);
  });

  it("accepts the description fields of PriorityClasses, CRDs and AppProjects", async () => {
    // In CRDs: the descriptions in the schema and those of the printer columns.
    const { findings } = await runRuleOnFixture(schemaRule, "schema/descriptions");
    expect(findings.map(brief)).toEqual([]);
  });

  it("names the object of each finding", async () => {
    const { findings } = await runRuleOnFixture(schemaRule, "schema/fail");
    expect(findings[2]?.object).toEqual({ kind: "Deployment", namespace: "demo", name: "web" });
  });
});
