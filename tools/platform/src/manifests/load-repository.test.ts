import path from "node:path";
import { describe, expect, it } from "vitest";
import type { Finding } from "../validate/model.ts";
import { loadRepository } from "./load-repository.ts";

const fixture = path.resolve(import.meta.dirname, "../../testdata/validate/loading");

function where(finding: Finding): string {
  const { file, line } = finding.source;
  return `${file}:${line} ${finding.severity} ${finding.ruleId}`;
}

describe("loadRepository", async () => {
  const loaded = await loadRepository(fixture);
  const named = (kind: string, name: string) =>
    loaded.manifests.find((m) => m.object.kind === kind && m.object.metadata.name === name);

  it("renders the top-level kustomization only, not its base on its own", () => {
    const names = loaded.manifests.map((m) => `${m.object.kind}/${m.object.metadata.name}`);
    expect(names).toContain("Deployment/dev-web");
    expect(names).not.toContain("Deployment/web");
    expect(loaded.kustomizations).toBe(2);
  });

  it("maps a rendered object back to the document that wrote it", () => {
    expect(named("ConfigMap", "dev-settings")?.source).toEqual({
      file: "app/base/service.yaml",
      line: 11,
      column: 1,
    });
  });

  it("locates a field set by an overlay patch in the patch file", () => {
    const deployment = named("Deployment", "dev-web");
    expect(deployment?.locate(["spec", "replicas"])).toMatchObject({
      file: "app/overlays/dev/replicas.yaml",
      line: 6,
    });
  });

  it("locates an image changed by the kustomization's images list at that entry", () => {
    const deployment = named("Deployment", "dev-web");
    const containers = deployment?.object.spec as {
      template: { spec: { containers: { name: string }[] } };
    };
    const index = containers.template.spec.containers.findIndex((c) => c.name === "web");
    expect(
      deployment?.locate(["spec", "template", "spec", "containers", index, "image"]),
    ).toMatchObject({
      file: "app/overlays/dev/kustomization.yaml",
      line: 8,
    });
  });

  it("points a generated ConfigMap at its generator", () => {
    const generated = loaded.manifests.find((m) =>
      m.object.metadata.name?.startsWith("dev-generated-"),
    );
    expect(generated?.source).toMatchObject({
      file: "app/overlays/dev/kustomization.yaml",
      line: 10,
    });
  });

  it("reports every piece of unreadable input with its file and line", () => {
    expect(loaded.findings.map(where).sort()).toEqual([
      "app/base/unlisted.yaml:1 warning manifest",
      "bad/duplicate.yaml:5 error yaml",
      "bad/no-name.yaml:1 error manifest",
      "bad/not-kubernetes.yaml:1 warning manifest",
      "bad/syntax.yaml:7 error yaml",
      "broken-kustomization/kustomization.yaml:3 error kustomize",
    ]);
    const build = loaded.findings.find((f) => f.ruleId === "kustomize");
    expect(build?.message).toContain("broken-kustomization/missing.yaml");
  });

  it("skips the repository's top-level slo folder but not a nested one", () => {
    expect(named("PrometheusRule", "nested")?.source.file).toBe("nested/slo/rule.yaml");
    expect(loaded.findings.some((f) => f.source.file.startsWith("slo/"))).toBe(false);
  });

  it("reads each item of a v1 List as an object of its own", () => {
    const second = named("ConfigMap", "second");
    expect(second?.source).toMatchObject({ file: "list/objects.yaml", line: 8 });
    expect(second?.locate(["data", "key"])).toMatchObject({ line: 13 });
    expect(loaded.manifests.some((m) => m.object.kind === "List")).toBe(false);
  });

  it("still reads the valid documents of a file with a broken one", () => {
    expect(named("ConfigMap", "fine")?.source).toMatchObject({
      file: "bad/duplicate.yaml",
      line: 7,
    });
  });

  it("merges value files, inline values and valuesObject as Argo CD does", () => {
    const stack = loaded.helmValues.find((values) => values.chart === "kube-prometheus-stack");
    expect(stack?.version).toBe("88.0.0");
    expect(stack?.values).toEqual({
      prometheus: {
        prometheusSpec: { retention: "2d", resources: { requests: { memory: "512Mi" } } },
      },
      grafana: { enabled: false },
    });
    expect(stack?.locate(["prometheus", "prometheusSpec", "retention"])).toEqual({
      file: "platform/monitoring/application.yaml",
      line: 23,
      column: 15,
    });
    expect(stack?.locate(["prometheus", "prometheusSpec", "resources"])).toMatchObject({
      file: "platform/monitoring/values.yaml",
      line: 4,
    });
    const istiod = loaded.helmValues.find((values) => values.chart === "istiod");
    expect(istiod?.locate(["pilot", "resources", "requests", "memory"])).toMatchObject({
      line: 47,
    });
  });

  it("limits reading to the paths given", async () => {
    const limited = await loadRepository(fixture, ["bad"]);
    expect(limited.kustomizations).toBe(0);
    expect(new Set(limited.findings.map((f) => f.source.file.split("/")[0]))).toEqual(
      new Set(["bad"]),
    );
  });

  it("says once that kubectl is missing and still reads plain manifests", async () => {
    const without = await loadRepository(fixture, [], { kubectl: "/nonexistent/kubectl" });
    expect(without.problems).toHaveLength(1);
    expect(without.problems[0]).toMatch(/not installed.*2 kustomization/);
    expect(without.manifests.some((m) => m.object.kind === "Application")).toBe(true);
  });
});

describe("loadRepository with a Helm chart folder", async () => {
  const loaded = await loadRepository(
    path.resolve(import.meta.dirname, "../../testdata/validate/helm-chart"),
  );

  it("leaves the chart's templates and values to Helm and says so once", () => {
    expect(loaded.findings.map(where)).toEqual(["charts/web/Chart.yaml:1 info manifest"]);
    expect(loaded.findings[0]?.message).toContain("Helm chart web");
  });

  it("still reads the plain manifests beside it", () => {
    expect(loaded.manifests.map((m) => m.object.metadata.name)).toEqual(["settings"]);
  });
});

describe("loadRepository with generateName", async () => {
  const loaded = await loadRepository(
    path.resolve(import.meta.dirname, "../../testdata/validate/generate-name"),
  );

  it("accepts metadata.generateName instead of a name, and still reports neither", () => {
    expect(loaded.findings.map((finding) => `${where(finding)} ${finding.message}`)).toEqual([
      "hooks.yaml:18 error manifest " +
        "expected metadata.name (or generateName) on ConfigMap, found none",
    ]);
  });
});
