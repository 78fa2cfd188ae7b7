import { describe, expect, it } from "vitest";
import { brief, runRuleOnFixture } from "../rule-fixture.ts";
import { parseImage } from "./image-reference.ts";
import { imagesResourcesRule } from "./images-resources-rule.ts";

describe("images-resources rule", () => {
  it("accepts pinned images, complete resources and probes, and sized heavy charts", async () => {
    const { findings } = await runRuleOnFixture(imagesResourcesRule, "images-resources/pass");
    expect(findings).toEqual([]);
  });

  it("reports latest or untagged images, missing resources or probes, unsized charts", async () => {
    const { findings } = await runRuleOnFixture(imagesResourcesRule, "images-resources/fail");
    expect(findings.map(brief)).toEqual([
      "workloads.yaml:17 error container web: expected a pinned tag or digest on image " +
        "nginx:latest, found latest",
      "workloads.yaml:18 error container web: expected resources.requests.memory, " +
        "resources.limits.memory, found none",
      "workloads.yaml:16 error container web: expected livenessProbe, found none",
      "workloads.yaml:23 error container sidecar: expected a pinned tag or digest on image " +
        "registry.local:5000/sidecar, found none",
      "workloads.yaml:22 error container sidecar: expected resources.requests.cpu, " +
        "resources.requests.memory, resources.limits.memory, found none",
      "workloads.yaml:22 error container sidecar: expected readinessProbe and livenessProbe, " +
        "found none",
      "workloads.yaml:38 error chart istiod: expected resources.requests.memory for istiod " +
        "(the chart's defaults do not fit a laptop cluster), found none",
      "workloads.yaml:38 warning chart istiod: expected autoscaleEnabled: false (istiod's " +
        "HPA scales a 2 GiB control plane out on a laptop cluster), found the default, true",
    ]);
  });
});

describe("parseImage", () => {
  it.each([
    ["nginx", { repository: "nginx" }],
    ["nginx:1.27", { repository: "nginx", tag: "1.27" }],
    ["registry:5000/team/app", { repository: "registry:5000/team/app" }],
    [
      "registry:5000/app:v1@sha256:abc",
      { repository: "registry:5000/app", tag: "v1", digest: "sha256:abc" },
    ],
  ])("reads %s", (image, expected) => {
    expect(parseImage(image)).toEqual(expected);
  });
});
