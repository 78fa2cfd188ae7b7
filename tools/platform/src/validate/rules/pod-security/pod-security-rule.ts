/**
 * Rule `pod-security`: every pod template against the Pod Security level its namespace enforces,
 * with pod-security-admission's verdicts. Audit and warn levels stricter than enforce are
 * reported as warnings. A namespace the repository does not declare, or declares without labels,
 * runs the cluster default (privileged): nothing to check, so nothing is said.
 */

import type { Finding, ObjectRef, Rule, ValidationInput } from "../../model.ts";
import { formatPath } from "../shared/format-path.ts";
import { allChecks } from "./checks/all-checks.ts";
import type { Violation } from "./checks/check.ts";
import { createEvaluator, type Evaluator } from "./evaluator.ts";
import { type Mode, modes, type NamespacePolicy, namespacePolicies } from "./namespace-policy.ts";
import { objectPath, type PodTemplate, podTemplatesOf } from "./pod-templates.ts";
import { equivalent, formatLevelVersion, type LevelVersion } from "./policy-version.ts";

export const podSecurityRuleId = "pod-security";

const evaluator: Evaluator = createEvaluator(allChecks);

function objectRef(template: PodTemplate): ObjectRef {
  const { kind, metadata } = template.manifest.object;
  const ref: ObjectRef = { kind, name: metadata.name ?? "" };
  return metadata.namespace === undefined ? ref : { ...ref, namespace: metadata.namespace };
}

function violationKey(checkId: string, violation: Violation): string {
  return `${checkId} ${formatPath(violation.path)}`;
}

interface Evaluation {
  levelVersion: LevelVersion;
  modes: Mode[];
}

/** Enforce first, then each distinct stricter audit/warn policy once, with the modes it serves. */
function evaluations(policy: Record<Mode, LevelVersion>): Evaluation[] {
  const result: Evaluation[] = [];
  for (const mode of modes) {
    const levelVersion = policy[mode];
    if (levelVersion.level === "privileged") {
      continue;
    }
    const same = result.find((e) => equivalent(e.levelVersion, levelVersion));
    if (same === undefined) {
      result.push({ levelVersion, modes: [mode] });
    } else {
      same.modes.push(mode);
    }
  }
  return result;
}

function describeModes(evaluation: Evaluation, namespace: string): string {
  const lv = formatLevelVersion(evaluation.levelVersion);
  if (evaluation.modes.includes("enforce")) {
    return `${lv} enforced in namespace ${namespace}; its pods would be refused`;
  }
  return `${lv} ${evaluation.modes.join(" and ")} in namespace ${namespace}`;
}

function checkTemplate(template: PodTemplate, namespace: NamespacePolicy): Finding[] {
  const findings: Finding[] = [];
  const reported = new Set<string>();
  const name = namespace.namespace.object.metadata.name ?? "";

  for (const evaluation of evaluations(namespace.policy)) {
    const { level, version } = evaluation.levelVersion;
    const enforced = evaluation.modes.includes("enforce");

    for (const failure of evaluator.evaluate(level, version, template.pod)) {
      for (const violation of failure.violations) {
        const path = objectPath(template, violation.path);
        const key = violationKey(failure.checkId, { ...violation, path });
        if (reported.has(key)) {
          continue;
        }
        reported.add(key);

        const who = violation.container === undefined ? "" : ` container "${violation.container}"`;
        findings.push({
          ruleId: podSecurityRuleId,
          severity: enforced ? "error" : "warning",
          message:
            `check ${failure.checkId} (${describeModes(evaluation, name)}):${who} ` +
            `${formatPath(path)}: expected ${violation.expected}, found ${violation.found}`,
          source: template.manifest.locate(path),
          object: objectRef(template),
        });
      }
    }
  }
  return findings;
}

function labelFindings(namespace: NamespacePolicy): Finding[] {
  const { metadata } = namespace.namespace.object;
  return namespace.problems.map((problem) => ({
    ruleId: podSecurityRuleId,
    severity: "error",
    message: `label ${problem.label}: expected ${problem.expected}, found ${problem.found}`,
    source: namespace.namespace.locate(["metadata", "labels", problem.label]),
    object: { kind: "Namespace", name: metadata.name ?? "" },
  }));
}

export function checkPodSecurity(input: ValidationInput): Finding[] {
  const namespaces = namespacePolicies(input.manifests);
  const findings = [...namespaces.values()].flatMap(labelFindings);

  for (const template of podTemplatesOf(input.manifests)) {
    const namespace =
      template.namespace === undefined ? undefined : namespaces.get(template.namespace);
    if (namespace !== undefined) {
      findings.push(...checkTemplate(template, namespace));
    }
  }
  return findings;
}

export const podSecurityRule: Rule = {
  id: podSecurityRuleId,
  summary:
    "every pod template meets the Pod Security level (and version) its namespace enforces, " +
    "with pod-security-admission's verdicts; audit and warn levels as warnings",
  why:
    "enforce refuses Pods, not workloads: a Deployment or Rollout that breaks the level is " +
    "accepted and then never makes a pod",
  check: checkPodSecurity,
};
