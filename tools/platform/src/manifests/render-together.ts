import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { Manifest } from "../validate/model.ts";
import { kubectlKustomize } from "./kubectl.ts";
import type { Kustomization } from "./kustomization-file.ts";
import { readKustomizationTree } from "./kustomization-tree.ts";
import { parseRendered, RENDERED_BY_ANNOTATION } from "./render-kustomization.ts";
import type { SourceCache } from "./source-cache.ts";

/**
 * Renders many kustomizations with one `kubectl kustomize`: each kubectl start costs more than
 * a small build, and this machine has two cores. Each kustomization is wrapped in a folder
 * whose transformer marks its objects, so they map back to it. Returns undefined when the
 * combined build fails (one broken kustomization, or two rendering the same Namespace); the
 * caller then renders them one by one to tell which one is wrong.
 */
export async function renderTogether(
  tops: readonly Kustomization[],
  kubectl: string,
  cache: SourceCache,
): Promise<Manifest[] | undefined> {
  const root = await mkdtemp(path.join(os.tmpdir(), "platform-validate-"));
  try {
    const trees = new Map<string, Kustomization[]>();
    const resources: string[] = [];
    for (const [index, top] of tops.entries()) {
      const folder = path.join(root, `k${index}`);
      await mkdir(folder);
      const include = path.relative(folder, top.dir).split(path.sep).join("/");
      await writeFile(
        path.join(folder, "kustomization.yaml"),
        `resources:\n  - ${JSON.stringify(include)}\nnameSuffix: ${SUFFIX}${index}\n` +
          "transformers:\n  - marker.yaml\n",
      );
      await writeFile(path.join(folder, "marker.yaml"), marker(String(index)));
      resources.push(`  - k${index}\n`);
      trees.set(String(index), readKustomizationTree(top.dir, cache.repoRoot));
    }
    await writeFile(
      path.join(root, "kustomization.yaml"),
      `resources:\n${resources.join("")}buildMetadata: [originAnnotations]\n`,
    );

    const built = await kubectlKustomize(kubectl, root);
    if (!built.ok) {
      return undefined;
    }
    const manifests = parseRendered(
      built.stdout.replace(SUFFIXES, ""),
      root,
      (annotations) => trees.get(String(annotations[RENDERED_BY_ANNOTATION])),
      cache,
    );
    return manifests;
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

/**
 * Two kustomizations may render an object of the same kind and name (a shared component), which
 * one build refuses; a per-kustomization name suffix keeps them apart, and is removed again from
 * the output (generated names keep their content hash: kustomize appends it after the suffix).
 */
const SUFFIX = "-platformvalidate";
const SUFFIXES = /-platformvalidate\d+/g;

/** A builtin AnnotationsTransformer that touches only each object's own annotations. */
function marker(value: string): string {
  return [
    "apiVersion: builtin",
    "kind: AnnotationsTransformer",
    "metadata:",
    "  name: rendered-by",
    "annotations:",
    `  ${RENDERED_BY_ANNOTATION}: ${JSON.stringify(value)}`,
    "fieldSpecs:",
    "  - path: metadata/annotations",
    "    create: true",
    "",
  ].join("\n");
}
