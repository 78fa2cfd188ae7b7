import { describe, expect, it } from "vitest";
import { manifestsFromYaml } from "../../test-support/manifests.ts";
import { matchesResources, ruleMatches } from "./matching.ts";
import type { MatchResources, ResourceRule } from "./policy-model.ts";
import { admissionRequest, NamespaceIndex } from "./request.ts";
import { ResourceCatalog } from "./resources.ts";

const manifests = manifestsFromYaml(
  `
apiVersion: v1
kind: Namespace
metadata: { name: shop, labels: { team: shop, tier: application } }
---
apiVersion: v1
kind: Namespace
metadata: { name: infra, labels: { team: platform } }
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: web, namespace: shop, labels: { app: web, exposed: "yes" } }
---
apiVersion: v1
kind: ConfigMap
metadata: { name: settings, namespace: infra }
---
apiVersion: v1
kind: ConfigMap
metadata: { name: no-namespace }
---
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: { name: ingress, namespace: shop }
---
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: { name: widgets.example.com }
spec:
  group: example.com
  scope: Cluster
  names: { kind: Widget, plural: widgetry }
---
apiVersion: example.com/v1
kind: Widget
metadata: { name: w1 }
`,
  "matching.yaml",
);

const catalog = new ResourceCatalog(manifests);
const namespaces = new NamespaceIndex(manifests);
const request = (name: string) => {
  const manifest = manifests.find((m) => m.object.metadata.name === name);
  if (!manifest) {
    throw new Error(`no fixture ${name}`);
  }
  return admissionRequest(manifest, catalog);
};

function rule(overrides: Partial<ResourceRule>): ResourceRule {
  return {
    apiGroups: ["*"],
    apiVersions: ["*"],
    resources: ["*"],
    operations: ["*"],
    resourceNames: [],
    scope: "*",
    ...overrides,
  };
}

function criteria(overrides: Partial<MatchResources>): MatchResources {
  return {
    resourceRules: [rule({})],
    excludeResourceRules: [],
    matchPolicy: "Equivalent",
    ...overrides,
  };
}

describe("resource names and scopes", () => {
  it.each([
    ["web", "apps", "v1", "deployments", true],
    ["settings", "", "v1", "configmaps", true],
    ["ingress", "networking.istio.io", "v1", "gateways", true],
    ["w1", "example.com", "v1", "widgetry", false],
    ["shop", "", "v1", "namespaces", false],
  ])("%s is %s/%s %s, namespaced %s", (name, group, version, resource, namespaced) => {
    expect(request(name).type).toEqual({ group, version, resource, namespaced });
  });

  it("puts a namespaced object without a namespace in default, as kubectl apply does", () => {
    expect(request("no-namespace").namespace).toBe("default");
  });
});

describe("resource rules", () => {
  const deployment = request("web");

  it.each<[string, Partial<ResourceRule>, boolean]>([
    [
      "the exact group, version and resource",
      { apiGroups: ["apps"], resources: ["deployments"] },
      true,
    ],
    ["another group", { apiGroups: [""], resources: ["deployments"] }, false],
    ["another resource", { resources: ["statefulsets"] }, false],
    ["* for every resource", { resources: ["*"] }, true],
    ["*/* for every resource and subresource", { resources: ["*/*"] }, true],
    ["resource/* for the resource and its subresources", { resources: ["deployments/*"] }, true],
    ["a subresource only", { resources: ["deployments/scale"] }, false],
    ["*/scale, subresources only", { resources: ["*/scale"] }, false],
    ["CREATE, as every repository object is created", { operations: ["CREATE"] }, true],
    ["UPDATE and DELETE only", { operations: ["UPDATE", "DELETE"] }, false],
    ["scope Namespaced", { scope: "Namespaced" }, true],
    ["scope Cluster", { scope: "Cluster" }, false],
    ["its name in resourceNames", { resourceNames: ["web"] }, true],
    ["other resourceNames", { resourceNames: ["api"] }, false],
  ])("a rule with %s: %s", (_, overrides, expected) => {
    expect(ruleMatches(rule(overrides), deployment)).toBe(expected);
  });

  it("counts a Namespace as cluster-scoped", () => {
    expect(ruleMatches(rule({ scope: "Cluster" }), request("shop"))).toBe(true);
    expect(ruleMatches(rule({ scope: "Namespaced" }), request("shop"))).toBe(false);
  });

  it("matches another version of the same resource only with matchPolicy Equivalent", () => {
    const v1beta1 = rule({ apiGroups: ["apps"], apiVersions: ["v1beta1"] });

    expect(ruleMatches(v1beta1, deployment, false)).toBe(true);
    expect(ruleMatches(v1beta1, deployment, true)).toBe(false);
    expect(matchesResources(criteria({ resourceRules: [v1beta1] }), deployment, namespaces)).toBe(
      true,
    );
    expect(
      matchesResources(
        criteria({ resourceRules: [v1beta1], matchPolicy: "Exact" }),
        deployment,
        namespaces,
      ),
    ).toBe(false);
  });
});

describe("selectors and exclusions", () => {
  const deployment = request("web");

  it.each<[string, Partial<MatchResources>, boolean]>([
    ["no selectors", {}, true],
    ["the namespace's label", { namespaceSelector: { matchLabels: { team: "shop" } } }, true],
    [
      "another namespace's label",
      { namespaceSelector: { matchLabels: { team: "platform" } } },
      false,
    ],
    [
      "the label the API server puts on every namespace",
      {
        namespaceSelector: {
          matchExpressions: [
            { key: "kubernetes.io/metadata.name", operator: "In", values: ["shop"] },
          ],
        },
      },
      true,
    ],
    [
      "NotIn over a label the namespace lacks",
      {
        namespaceSelector: {
          matchExpressions: [{ key: "env", operator: "NotIn", values: ["dev"] }],
        },
      },
      true,
    ],
    [
      "Exists over a label the namespace lacks",
      { namespaceSelector: { matchExpressions: [{ key: "env", operator: "Exists" }] } },
      false,
    ],
    [
      "DoesNotExist over a label the namespace has",
      { namespaceSelector: { matchExpressions: [{ key: "tier", operator: "DoesNotExist" }] } },
      false,
    ],
    ["the object's label", { objectSelector: { matchLabels: { exposed: "yes" } } }, true],
    ["another object label value", { objectSelector: { matchLabels: { exposed: "no" } } }, false],
    [
      "an exclusion of its resource",
      { excludeResourceRules: [rule({ apiGroups: ["apps"], resources: ["deployments"] })] },
      false,
    ],
    [
      "an exclusion of another name",
      { excludeResourceRules: [rule({ resourceNames: ["api"] })] },
      true,
    ],
    ["no resource rules (a binding that narrows nothing)", { resourceRules: [] }, true],
  ])("%s: %s", (_, overrides, expected) => {
    expect(matchesResources(criteria(overrides), deployment, namespaces)).toBe(expected);
  });

  it("lets no namespace selector exclude cluster-scoped objects other than Namespaces", () => {
    const selector = criteria({ namespaceSelector: { matchLabels: { team: "nobody" } } });

    expect(matchesResources(selector, request("w1"), namespaces)).toBe(true);
    expect(matchesResources(selector, request("shop"), namespaces)).toBe(false);
  });

  it("selects a Namespace by its own labels", () => {
    const selector = criteria({ namespaceSelector: { matchLabels: { tier: "application" } } });

    expect(matchesResources(selector, request("shop"), namespaces)).toBe(true);
    expect(matchesResources(selector, request("infra"), namespaces)).toBe(false);
  });
});
