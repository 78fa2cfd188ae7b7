/**
 * Rule `network`: NetworkPolicy coverage. Default-deny ingress per namespace with workloads;
 * Istio ambient's HBONE port and probe source; DNS when egress is denied; scrape ports open to
 * the monitoring namespace; policy ports that exist on the pods they select.
 */

import type { Finding, Rule, ValidationInput } from "../../model.ts";
import { checkAmbientIngress } from "./checks/ambient-ingress.ts";
import { checkDefaultDeny } from "./checks/default-deny.ts";
import { checkEgress } from "./checks/egress.ts";
import { checkPolicyPorts } from "./checks/policy-ports.ts";
import { checkScrapeReachability } from "./checks/scrape-reachability.ts";
import { findingAt, networkRuleId } from "./findings.ts";
import { buildView } from "./network-view.ts";
import { describePath } from "./policy-refusals.ts";

export { networkRuleId };

export function checkNetwork(input: ValidationInput): Finding[] {
  const view = buildView(input.manifests);
  const selectorFindings = view.selectorProblems.map((problem) =>
    findingAt(
      problem.manifest,
      problem.path,
      "error",
      `NetworkPolicy refused by the API server: ${describePath(problem.path)}: invalid label ` +
        `selector: ${problem.message}`,
    ),
  );
  const reported = view.policyRefusals.filter((refusal) => refusal.schemaReports !== true);
  const refusalFindings = reported.map((refusal) =>
    findingAt(
      refusal.manifest,
      refusal.path,
      "error",
      `NetworkPolicy refused by the API server: ${refusal.message}`,
    ),
  );
  return [
    ...selectorFindings,
    ...refusalFindings,
    ...checkDefaultDeny(view),
    ...checkAmbientIngress(view),
    ...checkEgress(view),
    ...checkScrapeReachability(view),
    ...checkPolicyPorts(view),
  ];
}

export const networkRule: Rule = {
  id: networkRuleId,
  summary:
    "default-deny ingress where workloads run; ambient pods admit HBONE (TCP 15008) and " +
    "probes from 169.254.7.127; DNS allowed when egress is denied; scraped ports open to " +
    "monitoring; policy ports exist on the selected pods",
  why:
    "a policy that is wrong fails silently in the cluster: meshed calls, probes, DNS or scrapes " +
    "time out with nothing pointing at the policy",
  check: checkNetwork,
};
