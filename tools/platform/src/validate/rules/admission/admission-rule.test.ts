import { describe, expect, it } from "vitest";
import type { Finding } from "../../model.ts";
import { manifestsFromYaml } from "../../test-support/manifests.ts";
import { admissionRule } from "./index.ts";

// How the rule evaluates policies and bindings: conditions, variables, messages, parameters,
// failure policy and validation actions, each on small inline policies.

const namespaces = `
apiVersion: v1
kind: Namespace
metadata: { name: apps, labels: { tier: application } }
---
apiVersion: v1
kind: Namespace
metadata: { name: system }
`;

const deployments = `
apiVersion: apps/v1
kind: Deployment
metadata: { name: small, namespace: apps, labels: { size: small } }
spec: { replicas: 1 }
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: big, namespace: apps, labels: { size: big } }
spec: { replicas: 9 }
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: platform, namespace: system }
spec: { replicas: 9 }
`;

const deploymentsRule =
  "{ apiGroups: [apps], apiVersions: [v1], operations: [CREATE, UPDATE], " +
  "resources: [deployments] }";

/** A policy on Deployments with the given spec lines (YAML, indented by four). */
function policy(name: string, spec: string): string {
  return `
apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicy
metadata: { name: ${name} }
spec:
  matchConstraints:
    resourceRules:
      - ${deploymentsRule}
${spec}`;
}

function binding(name: string, spec: string): string {
  return `
apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicyBinding
metadata: { name: ${name} }
spec:
${spec}`;
}

const replicasAtMostFive = `
  validations:
    - expression: object.spec.replicas <= 5
      message: at most 5 replicas`;

function replicasPolicyWithout(field: "resourceRules"): string {
  return policy("broken", replicasAtMostFive).replace(
    new RegExp(` {4}${field}:\n.*\n`),
    "    {}\n",
  );
}

function check(...documents: string[]): Finding[] {
  const text = [namespaces, deployments, ...documents].join("\n---\n");
  return admissionRule.check({ manifests: manifestsFromYaml(text, "test.yaml"), helmValues: [] });
}

function summary(findings: Finding[]): string[] {
  const prefix = /^(ValidatingAdmissionPolicy .*? (denies|warns about|audits) \S+ \S+|\S+ \S+): /;
  return findings.map((f) => `${f.severity} ${f.object?.name}: ${f.message.replace(prefix, "")}`);
}

describe("validation actions", () => {
  it.each([
    ["[Deny]", "error"],
    ["[Deny, Audit]", "error"],
    ["[Warn]", "warning"],
    ["[Warn, Audit]", "warning"],
    ["[Audit]", "info"],
  ])("%s reports a violation as %s", (actions, severity) => {
    const findings = check(
      policy("replicas", replicasAtMostFive),
      binding("replicas", `  policyName: replicas\n  validationActions: ${actions}`),
    );

    expect(findings.map((f) => [f.severity, f.object?.name])).toEqual([
      [severity, "big"],
      [severity, "platform"],
    ]);
  });

  it("refuses Deny together with Warn, as the API server does", () => {
    const findings = check(
      policy("replicas", replicasAtMostFive),
      binding("replicas", "  policyName: replicas\n  validationActions: [Deny, Warn]"),
    );

    expect(summary(findings)).toEqual([
      "error replicas: expected Deny or Warn, not both at spec.validationActions, found Deny, Warn",
    ]);
  });

  it("names the policy, binding, object, file and line, and carries the policy's message", () => {
    const [finding] = check(
      policy("replicas", replicasAtMostFive),
      binding(
        "replicas-apps",
        "  policyName: replicas\n  validationActions: [Deny]\n  matchResources:\n" +
          "    namespaceSelector: { matchLabels: { tier: application } }",
      ),
    );

    expect(finding).toEqual({
      ruleId: "admission",
      severity: "error",
      message:
        "ValidatingAdmissionPolicy replicas (binding replicas-apps, Deny) denies Deployment " +
        "apps/big: at most 5 replicas (reason Invalid)",
      source: { file: "test.yaml", line: 17, column: 1 },
      object: { kind: "Deployment", namespace: "apps", name: "big" },
    });
  });
});

describe("matchConditions, variables and messages", () => {
  const deny = binding("b", "  policyName: p\n  validationActions: [Deny]");

  it("skips objects a matchCondition rules out", () => {
    const findings = check(
      policy(
        "p",
        `  matchConditions:
    - name: not-platform
      expression: object.metadata.namespace != 'system'
${replicasAtMostFive}`,
      ),
      deny,
    );

    expect(findings.map((f) => f.object?.name)).toEqual(["big"]);
  });

  it("applies failurePolicy to a matchCondition that errs: Fail reports it, Ignore admits", () => {
    const condition = `  matchConditions:
    - name: sized
      expression: object.metadata.labels.size == 'big'
${replicasAtMostFive}`;

    expect(summary(check(policy("p", `  failurePolicy: Fail\n${condition}`), deny))).toEqual([
      "error big: at most 5 replicas (reason Invalid)",
      "error platform: matchCondition sized could not be evaluated: " +
        "field not found: labels (reason InternalError)",
    ]);
    expect(summary(check(policy("p", `  failurePolicy: Ignore\n${condition}`), deny))).toEqual([
      "error big: at most 5 replicas (reason Invalid)",
    ]);
  });

  it("evaluates variables lazily: one that fails matters only where it is read", () => {
    const findings = check(
      policy(
        "p",
        `  variables:
    - name: broken
      expression: object.spec.missing.field
    - name: replicas
      expression: object.spec.replicas
  validations:
    - expression: variables.replicas <= 5
      message: too many
    - expression: object.metadata.name != 'small' || variables.broken == 1
      message: never shown`,
      ),
      deny,
    );

    expect(summary(findings)).toEqual([
      "error small: expression \"object.metadata.name != 'small' || variables.broken == 1\" " +
        "could not be evaluated: variable broken: field not found: missing (reason InternalError)",
      "error big: too many (reason Invalid)",
      "error platform: too many (reason Invalid)",
    ]);
  });

  it("prefers messageExpression, falls back to message, then to the expression", () => {
    const findings = check(
      policy(
        "p",
        `  validations:
    - expression: object.spec.replicas <= 5
      messageExpression: "'replicas ' + string(object.spec.replicas) + ' > 5'"
      message: unused
      reason: Forbidden
    - expression: object.spec.replicas <= 4
      messageExpression: "''"
      message: empty messageExpression falls back
    - expression: object.spec.replicas <= 3`,
      ),
      binding(
        "b",
        "  policyName: p\n  validationActions: [Deny]\n  matchResources:\n" +
          "    objectSelector: { matchLabels: { size: big } }",
      ),
    );

    expect(summary(findings)).toEqual([
      "error big: replicas 9 > 5 (reason Forbidden)",
      "error big: empty messageExpression falls back (reason Invalid)",
      "error big: failed expression: object.spec.replicas <= 3 (reason Invalid)",
    ]);
  });

  it("reports a validation that does not give a bool", () => {
    const findings = check(
      policy("p", "  validations:\n    - expression: object.spec.replicas"),
      binding(
        "b",
        "  policyName: p\n  validationActions: [Warn]\n  matchResources:\n" +
          "    objectSelector: { matchLabels: { size: small } }",
      ),
    );

    expect(summary(findings)).toEqual([
      'warning small: expression "object.spec.replicas" could not be evaluated: ' +
        "expected a bool, found bigint (reason InternalError)",
    ]);
  });
});

describe("functions the evaluator lacks", () => {
  it("names each missing function once per policy and still runs the other validations", () => {
    const documents = [
      policy(
        "p",
        `  validations:
    - expression: base64.encode(b'a') != '' && math.abs(-1) > 0
    - expression: math.abs(-8) == 8
    - expression: authorizer.group('').resource('pods').check('get').allowed()
    - expression: object.spec.replicas <= 5
      message: too many`,
      ),
      binding("b", "  policyName: p\n  validationActions: [Deny]"),
    ];
    const findings = check(...documents);
    const lines = [namespaces, deployments, ...documents].join("\n---\n").split("\n");

    expect(summary(findings)).toEqual([
      "error p: function base64.encode is not provided by the offline CEL evaluator; " +
        "not checked: spec.validations[0].expression",
      "error p: function math.abs is not provided by the offline CEL evaluator; " +
        "not checked: spec.validations[0].expression, spec.validations[1].expression",
      "error p: variable authorizer is not provided by the offline CEL evaluator; " +
        "not checked: spec.validations[2].expression",
      "error big: too many (reason Invalid)",
      "error platform: too many (reason Invalid)",
    ]);
    expect(findings[0]?.source.line).toBe(
      lines.findIndex((line) => line.includes("base64.encode")) + 1,
    );
  });

  it("says the API server refuses a call CEL and Kubernetes do not declare", () => {
    const findings = check(
      policy("p", "  validations:\n    - expression: object.metadata.name.startWith('demo')"),
      binding("b", "  policyName: p\n  validationActions: [Deny]"),
    );

    expect(summary(findings)).toEqual([
      "error p: spec.validations[0].expression: uses function startWith, which neither CEL " +
        "nor Kubernetes declares: the API server refuses the expression",
    ]);
  });
});

describe("parameters", () => {
  const atMostMessage = "'at most ' + params.data.max + ' replicas (' + params.metadata.name + ')'";
  const limitPolicy = policy(
    "limit",
    `  paramKind: { apiVersion: v1, kind: ConfigMap }
  validations:
    - expression: object.spec.replicas <= int(params.data.max)
      messageExpression: "${atMostMessage}"`,
  );
  const limits = (namespace: string, ...values: [string, string][]) =>
    values
      .map(
        ([name, max]) => `
apiVersion: v1
kind: ConfigMap
metadata: { name: ${name}, namespace: ${namespace}, labels: { kind: limit } }
data: { max: "${max}" }`,
      )
      .join("\n---\n");
  const bindTo = (paramRef: string, failurePolicy = "") =>
    binding(
      "limit",
      `  policyName: limit
  validationActions: [Deny]
  matchResources:
    namespaceSelector: { matchLabels: { tier: application } }
  paramRef: ${paramRef}${failurePolicy}`,
    );

  it("reads the parameter paramRef names, in the namespace it names", () => {
    const findings = check(
      limitPolicy,
      limits("system", ["limits", "5"]),
      bindTo("{ name: limits, namespace: system, parameterNotFoundAction: Deny }"),
    );

    expect(summary(findings)).toEqual(["error big: at most 5 replicas (limits) (reason Invalid)"]);
  });

  it("looks in the object's own namespace when paramRef names none", () => {
    const findings = check(
      limitPolicy,
      limits("system", ["limits", "5"]),
      limits("apps", ["limits", "10"]),
      bindTo("{ name: limits, parameterNotFoundAction: Deny }"),
    );

    expect(findings).toEqual([]);
  });

  it("evaluates once per parameter a selector matches", () => {
    const findings = check(
      limitPolicy,
      limits("apps", ["strict", "0"], ["loose", "3"]),
      bindTo("{ selector: { matchLabels: { kind: limit } }, parameterNotFoundAction: Deny }"),
    );

    expect(summary(findings)).toEqual([
      "error small: at most 0 replicas (strict) (reason Invalid)",
      "error big: at most 0 replicas (strict) (reason Invalid)",
      "error big: at most 3 replicas (loose) (reason Invalid)",
    ]);
  });

  it("admits when no parameter is found and parameterNotFoundAction is Allow", () => {
    const findings = check(
      limitPolicy,
      bindTo("{ name: limits, namespace: system, parameterNotFoundAction: Allow }"),
    );

    expect(findings).toEqual([]);
  });

  it("applies failurePolicy when no parameter is found and parameterNotFoundAction is Deny", () => {
    const ref = "{ name: limits, namespace: system, parameterNotFoundAction: Deny }";
    const notFound =
      "no ConfigMap (v1) named limits in namespace system in the repository, " +
      "and paramRef.parameterNotFoundAction is Deny (reason InvalidParams)";

    expect(summary(check(limitPolicy, bindTo(ref)))).toEqual([
      `error small: ${notFound}`,
      `error big: ${notFound}`,
    ]);
    expect(
      check(limitPolicy.replace("spec:\n", "spec:\n  failurePolicy: Ignore\n"), bindTo(ref)),
    ).toEqual([]);
  });
});

describe("policies and bindings that do not meet", () => {
  it("warns about a binding whose policy is not in the repository", () => {
    const findings = check(binding("orphan", "  policyName: nowhere\n  validationActions: [Deny]"));

    expect(summary(findings)).toEqual([
      "warning orphan: expected a ValidatingAdmissionPolicy named nowhere in the repository, " +
        "found none: the API server ignores binding orphan",
    ]);
  });

  it("reports a missing or empty expression once, not again as a parse error", () => {
    const findings = check(
      policy(
        "p",
        `  variables:
    - { name: "not an identifier", expression: "1" }
  validations:
    - message: no expression
    - expression: " "`,
      ),
      binding("b", "  policyName: p\n  validationActions: [Deny]"),
    );

    expect(summary(findings)).toEqual([
      "error p: expected a CEL identifier at spec.variables[0].name, found not an identifier",
      "error p: expected a string at spec.validations[0].expression, found nothing",
      "error p: expected a CEL expression at spec.validations[1].expression, found an empty one",
    ]);
  });

  it("refuses a binding with no validation action, as the API server does", () => {
    const findings = check(
      policy("replicas", replicasAtMostFive),
      binding("b", "  policyName: replicas\n  validationActions: []"),
    );

    expect(summary(findings)).toEqual([
      "error b: expected at least one of Deny, Warn or Audit at spec.validationActions, " +
        "found none",
    ]);
  });

  it("reports a policy the API server would refuse, and does not enforce it", () => {
    const findings = check(
      replicasPolicyWithout("resourceRules"),
      binding("b", "  policyName: broken\n  validationActions: [Deny]"),
    );

    expect(summary(findings)).toEqual([
      "error broken: expected a list at spec.matchConstraints.resourceRules, found nothing",
    ]);
  });

  it("notes a policy that no binding enforces", () => {
    const findings = check(policy("idle", replicasAtMostFive));

    expect(summary(findings)).toEqual([
      "info idle: ValidatingAdmissionPolicy idle has no binding in the repository, " +
        "so it checks nothing",
    ]);
  });
});
