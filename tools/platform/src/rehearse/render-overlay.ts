import { existsSync } from "node:fs";
import { isAbsolute, join, relative } from "node:path";
import { UsageError } from "../cli/io.ts";
import { KubectlMissingError, renderKustomization } from "../manifests/index.ts";
import type { RenderedObject } from "./read-analysis.ts";

/** Where the demo app's overlays live; `--overlay staging` means the folder of that name. */
export const overlaysFolder = "applications/demo-app/k8s/overlays";

/** The folder of an overlay given by name (staging, production) or by path. */
export function overlayFolder(overlay: string, repoRoot: string): string {
  const byName = join(repoRoot, overlaysFolder, overlay);
  if (!overlay.includes("/") && existsSync(byName)) {
    return byName;
  }
  const byPath = isAbsolute(overlay) ? overlay : join(repoRoot, overlay);
  if (existsSync(byPath)) {
    return byPath;
  }
  throw new UsageError(
    `no overlay ${JSON.stringify(overlay)}: ` +
      `expected a folder name under ${overlaysFolder} or a path to a kustomization`,
  );
}

/** Renders the overlay as Argo CD would apply it, each object able to point at its source line. */
export async function renderOverlay(folder: string, repoRoot: string): Promise<RenderedObject[]> {
  try {
    const manifests = await renderKustomization(relative(repoRoot, folder), repoRoot);
    return manifests.map((manifest) => ({
      object: manifest.object,
      locate: (path) => {
        const source = manifest.locate(path);
        return `${source.file}:${source.line}`;
      },
    }));
  } catch (error) {
    if (
      error instanceof KubectlMissingError ||
      (error instanceof Error && error.name === "KustomizeBuildError")
    ) {
      throw new UsageError(error.message);
    }
    throw error;
  }
}
