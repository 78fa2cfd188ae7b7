import { describe, expect, it } from "vitest";
import { brief, runRuleOnFixture } from "../rule-fixture.ts";
import { referencesRule } from "./references-rule.ts";

describe("references rule", () => {
  it("accepts a Rollout whose Services, templates, args and HTTPRoute all exist", async () => {
    const { findings } = await runRuleOnFixture(referencesRule, "references/pass");
    expect(findings).toEqual([]);
  });

  it("counts the pods of experiments and ReplicationControllers as Service targets", async () => {
    const { findings } = await runRuleOnFixture(referencesRule, "references/experiment-pods");
    expect(findings.map(brief)).toEqual([]);
  });

  it("checks GRPC, TCP and TLS routes and route selectors of the Gateway API plugin", async () => {
    const { findings } = await runRuleOnFixture(referencesRule, "references/gateway-routes");
    expect(findings.map(brief)).toEqual([
      'demo.yaml:30 error expected httpRouteSelector {"matchLabels":{"route":"api"}} to select ' +
        "an HTTPRoute in namespace demo for the Gateway API plugin, found none",
      "demo.yaml:27 error expected GRPCRoute api-grpc in namespace demo for the Gateway API " +
        "plugin, found none",
      "demo.yaml:29 error expected TCPRoute api-tcp in namespace demo for the Gateway API " +
        "plugin, found none",
    ]);
  });

  it("reports every dangling reference where it is written", async () => {
    const { findings } = await runRuleOnFixture(referencesRule, "references/fail");
    expect(findings.map(brief)).toEqual([
      "demo.yaml:20 error expected Service web-canary (canaryService) in namespace demo, " +
        "found none",
      "demo.yaml:21 error expected Service web-stable (stableService) to select the Rollout's " +
        'pods, found selector {"app":"api"} against pod labels {"app":"web"}',
      "demo.yaml:27 error expected arg revision for AnalysisTemplate success-rate (it has no " +
        "default), found none: Argo Rollouts cannot start the analysis and the rollout stalls",
      "demo.yaml:30 error expected AnalysisTemplate missing-template in namespace demo, found none",
      "demo.yaml:25 error expected HTTPRoute web-route in namespace demo for the Gateway API " +
        "plugin, found none",
      'demo.yaml:38 error expected spec.selector {"app":"api"} to select a pod template in ' +
        "namespace demo, found none",
      "demo.yaml:66 error expected backend Service web-preview in namespace demo, found none",
      "demo.yaml:77 error expected spec.selector to match a pod template in demo, found none: " +
        "Prometheus scrapes nothing",
      "demo.yaml:74 error expected label release: kube-prometheus-stack (the monitoring stack " +
        'selects PodMonitors by it), found "prometheus"',
    ]);
  });
});
