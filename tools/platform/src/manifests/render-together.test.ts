import path from "node:path";
import { describe, expect, it } from "vitest";
import { readKustomization } from "./kustomization-file.ts";
import { loadRepository } from "./load-repository.ts";
import { renderTogether } from "./render-together.ts";
import { SourceCache } from "./source-cache.ts";

const fixture = path.resolve(import.meta.dirname, "../../testdata/validate/together");

describe("rendering several kustomizations in one build", () => {
  it("keeps objects of the same name apart and gives them back their own names", async () => {
    const loaded = await loadRepository(fixture);
    expect(loaded.findings).toEqual([]);
    const rows = loaded.manifests.map(
      (m) => `${m.renderedBy} ${m.object.metadata.name} ${m.source.file}`,
    );
    expect(rows.sort()).toEqual([
      "one generated-747dfcb89d one/kustomization.yaml",
      "one shared shared/configmap.yaml",
      "two generated-747dfcb89d two/kustomization.yaml",
      "two shared shared/configmap.yaml",
    ]);
  });

  it("builds them in one kubectl run, which unaided would refuse the same name twice", async () => {
    const tops = ["one", "two"].map((dir) =>
      readKustomization(path.join(fixture, dir, "kustomization.yaml"), fixture),
    );
    const manifests = await renderTogether(tops, "kubectl", new SourceCache(fixture));
    expect(manifests?.map((m) => m.object.metadata.name).sort()).toEqual([
      "generated-747dfcb89d",
      "generated-747dfcb89d",
      "shared",
      "shared",
    ]);
  });
});
