import { objectRef } from "../../../manifests/objects.ts";
import type { Finding, Rule, ValidationInput } from "../../model.ts";
import { checkMonitoringLabels } from "./monitoring-labels.ts";
import { ObjectIndex } from "./object-index.ts";
import { checkRollout, type Problem } from "./rollout-references.ts";
import { checkHttpRoute, checkMonitor, checkService } from "./service-references.ts";

const RULE_ID = "references";

export const referencesRule: Rule = {
  id: RULE_ID,
  summary:
    "Service selectors select pods; a Rollout's Services, AnalysisTemplates (with every " +
    "required arg) and HTTPRoutes exist; HTTPRoute backends exist; monitors select something; " +
    "rules and monitors carry the monitoring stack's release label",
  why:
    "a dangling reference is accepted by the API server and fails later: a Service with no " +
    "endpoints, a rollout stalled on a missing template or arg, a monitor nobody scrapes",

  check(input: ValidationInput): Finding[] {
    const index = new ObjectIndex(input);
    const problems: Problem[] = [];
    for (const manifest of input.manifests) {
      switch (manifest.object.kind) {
        case "Service":
          problems.push(...checkService(manifest, index));
          break;
        case "Rollout":
          problems.push(...checkRollout(manifest, index));
          break;
        case "HTTPRoute":
          problems.push(...checkHttpRoute(manifest, index));
          break;
        case "PodMonitor":
        case "ServiceMonitor":
          problems.push(...checkMonitor(manifest, index));
          break;
      }
    }
    problems.push(...checkMonitoringLabels(input.manifests, input.helmValues));

    return problems.map((problem) => ({
      ruleId: RULE_ID,
      severity: problem.severity,
      message: problem.message,
      source: problem.manifest.locate(problem.path),
      object: objectRef(problem.manifest),
    }));
  },
};
