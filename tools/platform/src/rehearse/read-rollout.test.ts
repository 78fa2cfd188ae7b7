import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { RenderedObject } from "./read-analysis.ts";
import { readRollout } from "./read-rollout.ts";
import { renderOverlay } from "./render-overlay.ts";
import { repoRoot, testdata } from "./test-support.ts";

describe("readRollout", () => {
  let canary: RenderedObject[] = [];
  let blueGreen: RenderedObject[] = [];

  beforeAll(async () => {
    canary = await renderOverlay(join(repoRoot, testdata, "canary"), repoRoot);
    blueGreen = await renderOverlay(join(repoRoot, testdata, "blue-green"), repoRoot);
  });

  /** The rendered objects with the Rollout's spec changed by `edit`. */
  function withRollout(
    objects: RenderedObject[],
    edit: (spec: Record<string, any>) => void,
  ): RenderedObject[] {
    return objects.map((entry) => {
      if (entry.object.kind !== "Rollout") {
        return entry;
      }
      const object = structuredClone(entry.object);
      edit(object.spec as Record<string, any>);
      return { ...entry, object };
    });
  }

  it("reads the canary steps, the background analysis and its arguments", () => {
    const plan = readRollout(canary);

    expect(plan).toMatchObject({ name: "demo-app", namespace: "demo-staging" });
    expect(plan.template.env).toMatchObject({ VERSION: "1.4.0", COLOR: "blue" });
    if (plan.strategy.kind !== "canary") {
      throw new Error("expected a canary");
    }
    expect(plan.strategy.steps.map((step) => step.kind)).toEqual([
      "setWeight",
      "pause",
      "analysis",
      "setWeight",
      "pause",
    ]);
    expect(plan.strategy.background).toMatchObject({ startingStep: 1, templates: ["latency-p95"] });
    expect(plan.strategy.background?.rolloutArgs).toContainEqual({
      name: "revision",
      podTemplateHash: "Latest",
    });
    expect(plan.strategy.background?.metrics[0]).toMatchObject({
      intervalMs: 10_000,
      initialDelayMs: 10_000,
      failureLimit: 0,
      consecutiveErrorLimit: 4,
    });
  });

  it("reads a basic canary without Services, which upstream requires only with routing", () => {
    const basic = withRollout(canary, (spec) => {
      delete spec.strategy.canary.stableService;
      delete spec.strategy.canary.canaryService;
      delete spec.strategy.canary.trafficRouting;
    });
    const plan = readRollout(basic);

    expect(plan.strategy).toMatchObject({ kind: "canary", trafficRouting: undefined });
    const routed = withRollout(canary, (spec) => {
      delete spec.strategy.canary.stableService;
    });
    expect(() => readRollout(routed)).toThrow(
      /canary\.stableService is required with trafficRouting/,
    );
  });

  it("marks dry-run metrics by regular expression, refusing a rule that matches none", () => {
    const withRule = (metricName: string) =>
      withRollout(canary, (spec) => {
        spec.strategy.canary.analysis.dryRun = [{ metricName }];
      });
    const plan = readRollout(withRule("^latency"));

    expect(plan.strategy.kind === "canary" && plan.strategy.background?.metrics[0]).toMatchObject({
      name: "latency-p95",
      dryRun: true,
    });
    expect(() => readRollout(withRule("success"))).toThrow(
      /analysis\.dryRun\[0\]\.metricName matches no metric of the run \(success\)/,
    );
  });

  it("reads setCanaryScale, which only sizes the canary when routing decides weights", () => {
    const withScale = (scale: Record<string, unknown>, routed = true) =>
      withRollout(canary, (spec) => {
        spec.strategy.canary.steps.splice(1, 0, { setCanaryScale: scale });
        if (!routed) {
          delete spec.strategy.canary.trafficRouting;
        }
      });
    const plan = readRollout(withScale({ replicas: 3 }));

    expect(plan.strategy.kind === "canary" && plan.strategy.steps[1]).toEqual({
      kind: "setCanaryScale",
      scale: "replicas 3",
      index: 1,
    });
    expect(() => readRollout(withScale({ weight: 20 }, false))).toThrow(
      /steps\[1\]\.setCanaryScale requires trafficRouting/,
    );
    expect(() => readRollout(withScale({ weight: 20, replicas: 1 }))).toThrow(
      /setCanaryScale expected exactly one of replicas, weight, matchTrafficWeight/,
    );
  });

  it("fills args into a metric's conditions, durations and limits, as upstream does", () => {
    const edited = (limit: string) =>
      withRollout(canary, (spec) => {
        spec.strategy.canary.steps[2].analysis.args.push({ name: "limit", value: limit });
      }).map((entry) => {
        if (entry.object.metadata.name !== "success-rate") {
          return entry;
        }
        const object = structuredClone(entry.object) as Record<string, any>;
        object.spec.args.push({ name: "threshold", value: "0.9" }, { name: "limit" });
        object.spec.args.push({ name: "every", value: "20s" });
        Object.assign(object.spec.metrics[0], {
          interval: "{{ args.every }}",
          failureLimit: "{{args.limit}}",
          successCondition: "result[0] >= {{args.threshold}}",
        });
        return { ...entry, object } as RenderedObject;
      });
    const plan = readRollout(edited("2"));

    const step = plan.strategy.kind === "canary" ? plan.strategy.steps[2] : undefined;
    expect(step?.kind === "analysis" && step.analysis.metrics[0]).toMatchObject({
      intervalMs: 20_000,
      failureLimit: 2,
      successCondition: { text: "result[0] >= 0.9" },
    });
    expect(() => readRollout(edited("two"))).toThrow(
      /success-rate: spec\.metrics\[0\]\.failureLimit expected an integer, found "two"/,
    );
    expect(() => readRollout(edited("{{args.revision}}"))).toThrow(
      /failureLimit uses \{\{args\.revision\}\}, which has no plain value/,
    );
  });

  it("resolves a fieldRef arg from the Rollout's fields and names a path it cannot", () => {
    const withPath = (fieldPath: string) =>
      withRollout(canary, (spec) => {
        spec.strategy.canary.analysis.args.push({
          name: "x",
          valueFrom: { fieldRef: { fieldPath } },
        });
      });
    const plan = readRollout(withPath("spec.template.spec.containers[0].image"));

    expect(plan.strategy.kind === "canary" && plan.strategy.background?.rolloutArgs).toContainEqual(
      { name: "x", value: "ghcr.io/example/demo-app:1.4.0" },
    );
    expect(() => readRollout(withPath("spec.template.nothing"))).toThrow(
      /fieldRef\.fieldPath invalid path spec\.template\.nothing in rollout/,
    );
    expect(() => readRollout(withPath("metadata.uid"))).toThrow(
      /fieldRef\.fieldPath metadata\.uid is assigned by the cluster/,
    );
  });

  it("reads blue-green with upstream defaults", () => {
    const plan = readRollout(
      withRollout(blueGreen, (spec) => {
        delete spec.strategy.blueGreen.autoPromotionEnabled;
        delete spec.strategy.blueGreen.scaleDownDelaySeconds;
      }),
    );
    expect(plan.strategy).toMatchObject({
      kind: "blueGreen",
      autoPromotionEnabled: true,
      scaleDownDelaySeconds: 30,
    });
  });

  it.each<[string, (spec: Record<string, any>) => void, RegExp]>([
    [
      "a template the overlay does not render",
      (spec) => {
        spec.strategy.canary.steps[2].analysis.templates[0].templateName = "missing";
      },
      new RegExp(
        String.raw`steps\[2\]\.analysis\.templates\[0\]\.templateName names AnalysisTemplate ` +
          "missing, which the overlay does not render",
      ),
    ],
    [
      "a template argument nobody gives",
      (spec) => {
        spec.strategy.canary.steps[2].analysis.args = [{ name: "namespace", value: "x" }];
      },
      /give no value for argument revision, which the template requires/,
    ],
    [
      "a podTemplateHashValue that is neither Stable nor Latest",
      (spec) => {
        spec.strategy.canary.analysis.args[1].valueFrom.podTemplateHashValue = "Canary";
      },
      /podTemplateHashValue expected Stable or Latest, found "Canary"/,
    ],
    [
      "a traffic router other than the Gateway API plugin",
      (spec) => {
        spec.strategy.canary.trafficRouting = { istio: {} };
      },
      /spec\.strategy\.canary\.trafficRouting\.istio is not supported by the rehearsal/,
    ],
    [
      "a pause duration with a unit Argo Rollouts does not take",
      (spec) => {
        spec.strategy.canary.steps[1].pause.duration = "1d";
      },
      /steps\[1\]\.pause\.duration expected seconds or a duration such as 30s, 5m, 1h, found "1d"/,
    ],
  ])("rejects %s, naming the field", (_, edit, message) => {
    expect(() => readRollout(withRollout(canary, edit))).toThrow(message);
  });

  it("rejects a condition that does not parse, with its column", () => {
    const objects = canary.map((entry) => {
      if (
        entry.object.kind !== "AnalysisTemplate" ||
        entry.object.metadata.name !== "success-rate"
      ) {
        return entry;
      }
      const object = structuredClone(entry.object) as Record<string, any>;
      object.spec.metrics[0].successCondition = "result[0] >= ";
      return { ...entry, object } as RenderedObject;
    });
    expect(() => readRollout(objects)).toThrow(
      new RegExp(
        String.raw`AnalysisTemplate success-rate: spec\.metrics\[0\]\.successCondition ` +
          "could not be parsed at column 14: unexpected end of condition",
      ),
    );
  });

  it("rejects a metric field it does not run, such as consecutiveSuccessLimit, by name", () => {
    const objects = canary.map((entry) => {
      if (
        entry.object.kind !== "AnalysisTemplate" ||
        entry.object.metadata.name !== "latency-p95"
      ) {
        return entry;
      }
      const object = structuredClone(entry.object) as Record<string, any>;
      object.spec.metrics[0].consecutiveSuccessLimit = 2;
      return { ...entry, object } as RenderedObject;
    });
    expect(() => readRollout(objects)).toThrow(
      /latency-p95: spec\.metrics\[0\]\.consecutiveSuccessLimit is not supported by the/,
    );
  });

  it("refuses a metric Argo Rollouts would refuse, naming its field", () => {
    const objects = canary.map((entry) => {
      if (entry.object.kind !== "AnalysisTemplate") {
        return entry;
      }
      const object = structuredClone(entry.object) as Record<string, any>;
      object.spec.metrics[0].failureLimit = -2;
      return { ...entry, object } as RenderedObject;
    });
    expect(() => readRollout(objects)).toThrow(
      /spec\.metrics\[0\]\.failureLimit expected 0 or more, or -1 to disable it, found -2: Argo/,
    );
  });
});
