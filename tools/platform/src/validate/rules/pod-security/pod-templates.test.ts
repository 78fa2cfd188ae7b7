import { describe, expect, it } from "vitest";
import { manifestOf } from "../../test-support/manifests.ts";
import { podTemplateOf } from "./pod-templates.ts";

const pod = { metadata: { labels: { app: "x" } }, spec: { containers: [{ name: "c" }] } };

describe("pod templates", () => {
  it.each([
    ["v1", "Pod", pod, []],
    ["v1", "PodTemplate", { template: pod }, ["template"]],
    ["v1", "ReplicationController", { spec: { template: pod } }, ["spec", "template"]],
    ["apps/v1", "Deployment", { spec: { template: pod } }, ["spec", "template"]],
    ["apps/v1", "StatefulSet", { spec: { template: pod } }, ["spec", "template"]],
    ["apps/v1", "DaemonSet", { spec: { template: pod } }, ["spec", "template"]],
    ["apps/v1", "ReplicaSet", { spec: { template: pod } }, ["spec", "template"]],
    ["batch/v1", "Job", { spec: { template: pod } }, ["spec", "template"]],
    [
      "batch/v1",
      "CronJob",
      { spec: { jobTemplate: { spec: { template: pod } } } },
      ["spec", "jobTemplate", "spec", "template"],
    ],
    ["argoproj.io/v1alpha1", "Rollout", { spec: { template: pod } }, ["spec", "template"]],
  ])("finds the pods of a %s %s", (apiVersion, kind, body, base) => {
    const metadata = { name: "n", namespace: "ns", ...(kind === "Pod" ? pod.metadata : {}) };
    const fields = kind === "Pod" ? { spec: pod.spec } : body;
    const manifest = manifestOf({ apiVersion, kind, metadata, ...fields });
    const template = podTemplateOf(manifest);

    expect(template?.specPath).toEqual([...base, "spec"]);
    expect(template?.metadataPath).toEqual([...base, "metadata"]);
    expect(template?.pod.metadata.labels).toEqual({ app: "x" });
    expect(template?.namespace).toBe("ns");
  });

  it("leaves a Rollout that borrows a Deployment's template to that Deployment", () => {
    const manifest = manifestOf({
      apiVersion: "argoproj.io/v1alpha1",
      kind: "Rollout",
      metadata: { name: "r" },
      spec: { workloadRef: { apiVersion: "apps/v1", kind: "Deployment", name: "d" } },
    });
    expect(podTemplateOf(manifest)).toBeUndefined();
  });

  it("ignores kinds without pods", () => {
    const manifest = manifestOf({ apiVersion: "v1", kind: "Service", metadata: { name: "s" } });
    expect(podTemplateOf(manifest)).toBeUndefined();
  });
});
