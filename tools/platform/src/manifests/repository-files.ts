import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";

/** Folders never read as manifests, wherever they are: dependencies and broken fixtures. */
const SKIPPED_FOLDERS = new Set(["node_modules", "testdata", "dist"]);

/**
 * Top-level folders of the repository that hold no manifests: `slo` holds SLO specifications
 * (input to `platform slo`, not objects a cluster applies), `docs` prose and the generated
 * dashboards (read as dashboards only).
 */
const SKIPPED_TOP_FOLDERS = new Set(["slo", "docs"]);

export interface RepositoryFiles {
  /** YAML files, absolute paths, sorted. */
  yaml: string[];
  /** Folders holding a kustomization file, absolute paths, sorted. */
  kustomizationDirs: string[];
  /** Helm chart folders (a Chart.yaml inside), absolute paths, sorted: their YAML is not listed. */
  helmCharts: string[];
}

/**
 * Lists the YAML files under the given paths. Hidden folders and the skipped ones are left out,
 * unless the user named a path inside them.
 */
export function listRepositoryFiles(repoRoot: string, roots: readonly string[]): RepositoryFiles {
  const yaml: string[] = [];
  const kustomizationDirs = new Set<string>();
  const helmCharts = new Set<string>();

  const visit = (current: string, isRoot: boolean) => {
    const stat = statSync(current);
    if (stat.isFile()) {
      if (isYaml(current)) {
        yaml.push(current);
        if (isKustomizationName(path.basename(current))) {
          kustomizationDirs.add(path.dirname(current));
        }
      }
      return;
    }
    const name = path.basename(current);
    const topLevel = path.dirname(current) === repoRoot && SKIPPED_TOP_FOLDERS.has(name);
    if (!isRoot && (name.startsWith(".") || SKIPPED_FOLDERS.has(name) || topLevel)) {
      return;
    }
    // A chart's templates are Go templates and its values.yaml is no manifest: only Helm
    // (Argo CD at sync) makes objects of them.
    if (existsSync(path.join(current, "Chart.yaml"))) {
      helmCharts.add(current);
      return;
    }
    for (const entry of readdirSync(current).sort()) {
      visit(path.join(current, entry), false);
    }
  };

  for (const root of roots) {
    visit(root, true);
  }
  return {
    yaml: [...new Set(yaml)].sort(),
    kustomizationDirs: [...kustomizationDirs].sort(),
    helmCharts: [...helmCharts].sort(),
  };
}

function isYaml(file: string): boolean {
  return /\.ya?ml$/.test(file) || path.basename(file) === "Kustomization";
}

function isKustomizationName(name: string): boolean {
  return name === "kustomization.yaml" || name === "kustomization.yml" || name === "Kustomization";
}

/** Dashboards are JSON files in docs/dashboards, wherever the repository root is. */
export function listDashboardFiles(repoRoot: string, roots: readonly string[]): string[] {
  const folder = path.join(repoRoot, "docs", "dashboards");
  let entries: string[];
  try {
    entries = readdirSync(folder).filter((entry) => entry.endsWith(".json"));
  } catch {
    return [];
  }
  return entries
    .map((entry) => path.join(folder, entry))
    .filter((file) => roots.some((root) => isInside(file, root)))
    .sort();
}

export function isInside(file: string, folder: string): boolean {
  const relative = path.relative(folder, file);
  return relative === "" || (!relative.startsWith("..") && !path.isAbsolute(relative));
}
