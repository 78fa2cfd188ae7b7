import path from "node:path";
import { describe, expect, it } from "vitest";
import { KustomizeBuildError, renderKustomization } from "./render-kustomization.ts";

const fixture = path.resolve(import.meta.dirname, "../../testdata/validate/loading");

describe("renderKustomization", () => {
  it("renders an overlay with its transformers applied and origins removed", async () => {
    const manifests = await renderKustomization("app/overlays/dev", fixture);
    const deployment = manifests.find((m) => m.object.kind === "Deployment");
    expect(deployment?.object.metadata).toMatchObject({ name: "dev-web", namespace: "dev" });
    expect(deployment?.object.metadata.annotations).toBeUndefined();
    expect(deployment?.source.file).toBe("app/base/deployment.yaml");
  });

  it("throws a build error naming the kustomization and the cause", async () => {
    await expect(renderKustomization("broken-kustomization", fixture)).rejects.toThrow(
      KustomizeBuildError,
    );
    await expect(renderKustomization("broken-kustomization", fixture)).rejects.toThrow(
      /broken-kustomization\/kustomization.yaml:3: could not build kustomization: .*missing.yaml/,
    );
  });

  it("locates fields written by a JSON 6902 patch at the operation that wrote them", async () => {
    const jsonPatch = path.resolve(import.meta.dirname, "../../testdata/validate/json-patch");
    const [deployment] = await renderKustomization("overlay", jsonPatch);
    expect(deployment?.locate(["spec", "strategy", "type"])).toMatchObject({
      file: "overlay/strategy.yaml",
      line: 4,
    });
    expect(
      deployment?.locate(["spec", "template", "spec", "containers", 1, "image"]),
    ).toMatchObject({
      file: "overlay/strategy.yaml",
      line: 7,
    });
    expect(deployment?.locate(["spec", "replicas"])).toMatchObject({
      file: "base/deployment.yaml",
    });
  });
});
