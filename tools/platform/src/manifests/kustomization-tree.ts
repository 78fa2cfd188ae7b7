import {
  type Kustomization,
  kustomizationFileIn,
  readKustomization,
} from "./kustomization-file.ts";

/** A kustomization and every kustomization it includes, the top one first. */
export function readKustomizationTree(dir: string, repoRoot: string): Kustomization[] {
  const seen = new Set<string>();
  const tree: Kustomization[] = [];

  const visit = (current: string) => {
    if (seen.has(current)) {
      return;
    }
    seen.add(current);
    const file = kustomizationFileIn(current);
    if (file === undefined) {
      return;
    }
    const kustomization = readKustomization(file, repoRoot);
    tree.push(kustomization);
    kustomization.children.forEach(visit);
  };

  visit(dir);
  return tree;
}
