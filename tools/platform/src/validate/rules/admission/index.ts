import { labelsOfNamespace } from "../../../kubernetes/namespace-labels.ts";
import type { Finding, Manifest, Rule, Severity, ValidationInput } from "../../model.ts";
import { type CompiledPolicy, compilePolicy } from "./compile-policy.ts";
import { evaluatePolicy } from "./evaluate-policy.ts";
import { matchesResources } from "./matching.ts";
import { resolveParams } from "./params.ts";
import { type Binding, isBinding, isPolicy, type ValidationAction } from "./policy-model.ts";
import { type Problem, readBinding, readPolicy } from "./read-policies.ts";
import { type AdmissionRequest, admissionRequest, NamespaceIndex } from "./request.ts";
import { ResourceCatalog } from "./resources.ts";

export const ADMISSION_RULE_ID = "admission";

export const admissionRule: Rule = {
  id: ADMISSION_RULE_ID,
  summary:
    "every ValidatingAdmissionPolicy and binding of the repository admits the objects it matches",
  why: "the API server would refuse (Deny) or flag (Warn, Audit) those objects at sync time",
  check: checkAdmission,
};

function checkAdmission(input: ValidationInput): Finding[] {
  const findings: Finding[] = [];
  const catalog = new ResourceCatalog(input.manifests);
  const namespaces = new NamespaceIndex(input.manifests);

  const policies = new Map<string, CompiledPolicy>();
  // Policies the API server would refuse: reported, bound or not, but never enforced.
  const refused = new Set<string>();
  for (const manifest of input.manifests.filter(isPolicy)) {
    const read = readPolicy(manifest);
    findings.push(...problemFindings(manifest, read.problems, "error"));
    if (read.value) {
      const compiled = compilePolicy(read.value);
      findings.push(...problemFindings(manifest, compiled.problems, "error"));
      policies.set(read.value.name, compiled);
      if (read.problems.length > 0) {
        refused.add(read.value.name);
      }
    }
  }

  const bindings: Binding[] = [];
  for (const manifest of input.manifests.filter(isBinding)) {
    const read = readBinding(manifest);
    findings.push(...problemFindings(manifest, read.problems, "error"));
    if (read.value) {
      bindings.push(read.value);
    }
  }

  findings.push(...unboundFindings(policies, bindings));
  const enforced = bindings.filter((binding) => validBinding(binding, findings));

  const requests = input.manifests.map((manifest) => admissionRequest(manifest, catalog));
  for (const binding of enforced) {
    const compiled = policies.get(binding.policyName);
    if (compiled === undefined || refused.has(binding.policyName) || !compiled.conditionsUsable) {
      continue;
    }
    for (const request of requests) {
      findings.push(...admit(compiled, binding, request, input.manifests, catalog, namespaces));
    }
  }
  return findings;
}

/** The findings of one policy through one binding for one object. */
function admit(
  compiled: CompiledPolicy,
  binding: Binding,
  request: AdmissionRequest,
  manifests: readonly Manifest[],
  catalog: ResourceCatalog,
  namespaces: NamespaceIndex,
): Finding[] {
  const { policy } = compiled;
  if (!matchesResources(policy.matchConstraints, request, namespaces)) {
    return [];
  }
  if (binding.matchResources && !matchesResources(binding.matchResources, request, namespaces)) {
    return [];
  }

  const resolution = resolveParams(policy, binding, request, manifests, catalog);
  if (resolution.kind === "allow") {
    return [];
  }
  if (resolution.kind === "misconfigured") {
    return policy.failurePolicy === "Fail"
      ? [violationFinding(binding, request, resolution.message, "InvalidParams")]
      : [];
  }

  const namespaceObject =
    request.namespace === undefined
      ? null
      : (namespaces.get(request.namespace) ?? syntheticNamespace(request.namespace));
  const findings: Finding[] = [];
  for (const params of resolution.params) {
    const verdict = evaluatePolicy(compiled, { request, params, namespaceObject });
    if (verdict.kind === "evaluated") {
      for (const violation of verdict.violations) {
        findings.push(violationFinding(binding, request, violation.message, violation.reason));
      }
    }
  }
  return findings;
}

function violationFinding(
  binding: Binding,
  request: AdmissionRequest,
  message: string,
  reason: string,
): Finding {
  const { object } = request;
  const where = request.namespace === undefined ? "" : `${request.namespace}/`;
  const actions = binding.validationActions.join(", ");
  const verb = binding.validationActions.includes("Deny")
    ? "denies"
    : binding.validationActions.includes("Warn")
      ? "warns about"
      : "audits";
  return {
    ruleId: ADMISSION_RULE_ID,
    severity: severityOf(binding.validationActions),
    message:
      `ValidatingAdmissionPolicy ${binding.policyName} (binding ${binding.name}, ${actions}) ` +
      `${verb} ${object.kind} ${where}${request.name}: ${message} (reason ${reason})`,
    source: request.manifest.source,
    object: { kind: object.kind, namespace: request.namespace, name: request.name },
  };
}

/** Deny refuses the object (an error); Warn only warns the client; Audit only records. */
function severityOf(actions: readonly ValidationAction[]): Severity {
  if (actions.includes("Deny")) {
    return "error";
  }
  return actions.includes("Warn") ? "warning" : "info";
}

function unboundFindings(policies: Map<string, CompiledPolicy>, bindings: Binding[]): Finding[] {
  const findings: Finding[] = [];
  const bound = new Set(bindings.map((binding) => binding.policyName));
  for (const binding of bindings) {
    if (!policies.has(binding.policyName)) {
      findings.push({
        ruleId: ADMISSION_RULE_ID,
        severity: "warning",
        message:
          `expected a ValidatingAdmissionPolicy named ${binding.policyName} in the repository, ` +
          `found none: the API server ignores binding ${binding.name}`,
        source: binding.manifest.locate(["spec", "policyName"]),
        object: { kind: binding.manifest.object.kind, name: binding.name },
      });
    }
  }
  for (const [name, compiled] of policies) {
    if (!bound.has(name)) {
      findings.push({
        ruleId: ADMISSION_RULE_ID,
        severity: "info",
        message:
          `ValidatingAdmissionPolicy ${name} has no binding in the repository, ` +
          `so it checks nothing`,
        source: compiled.policy.manifest.source,
        object: { kind: compiled.policy.manifest.object.kind, name },
      });
    }
  }
  return findings;
}

/** A binding the API server would have refused is not enforced; its problems are reported. */
function validBinding(binding: Binding, findings: readonly Finding[]): boolean {
  return !findings.some(
    (finding) =>
      finding.severity === "error" &&
      finding.object?.kind === binding.manifest.object.kind &&
      finding.object.name === binding.name,
  );
}

function problemFindings(manifest: Manifest, problems: Problem[], severity: Severity): Finding[] {
  const { kind, metadata } = manifest.object;
  return problems.map((problem) => ({
    ruleId: ADMISSION_RULE_ID,
    severity,
    message: `${kind} ${metadata.name ?? ""}: ${problem.message}`,
    source: manifest.locate(problem.path),
    object: { kind, name: metadata.name ?? "" },
  }));
}

/** The Namespace the API server would hand to namespaceObject when the repository has none. */
function syntheticNamespace(name: string) {
  return {
    apiVersion: "v1",
    kind: "Namespace",
    metadata: { name, labels: labelsOfNamespace(name) },
  };
}
