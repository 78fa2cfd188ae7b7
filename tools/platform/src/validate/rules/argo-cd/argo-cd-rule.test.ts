import { describe, expect, it } from "vitest";
import { brief, runRuleOnFixture } from "../rule-fixture.ts";
import { argoCdRule } from "./argo-cd-rule.ts";

describe("argo-cd rule", () => {
  it("accepts pinned charts, destinations, custom resources a wave after their CRDs", async () => {
    const { findings } = await runRuleOnFixture(argoCdRule, "argo-cd/pass");
    expect(findings).toEqual([]);
  });

  it("reports floating versions, no namespace, CRD order and waves that do not wait", async () => {
    const { findings } = await runRuleOnFixture(argoCdRule, "argo-cd/fail");
    expect(findings.map(brief)).toEqual([
      "apps/applications.yaml:13 error expected chart argo-rollouts pinned to one version in " +
        'targetRevision, found "^2.41.0"',
      "apps/applications.yaml:14 error expected spec.destination.namespace, found none: " +
        "namespaced objects that name no namespace of their own land in the default namespace",
      "apps/applications.yaml:23 error expected the CRD of Rollout (argoproj.io) to exist before " +
        "Rollout web syncs; it comes from Application argo-rollouts (wave 10): give this " +
        "Application a later argocd.argoproj.io/sync-wave than 10 (found 10), or set " +
        "SkipDryRunOnMissingResource=true",
      "apps/applications.yaml:49 error expected chart kube-prometheus-stack pinned to one " +
        "version in targetRevision, found none",
      "apps/applications.yaml:39 warning expected " +
        "data.resource.customizations.health.argoproj.io_Application (Applications use 2 sync " +
        "waves, and since Argo CD 1.8 a wave does not wait for Applications without a health " +
        "check), found none",
    ]);
  });
});
