import { readFileSync } from "node:fs";
import path from "node:path";
import { listRepositoryFiles } from "./repository-files.ts";

export interface TypeHint {
  apiVersion: string;
  kind: string;
}

const API_VERSION = /^apiVersion:\s*["']?([\w.\-/]+)["']?\s*$/gm;
const KIND = /^kind:\s*["']?(\w+)["']?\s*$/gm;

/**
 * A quick guess at the apiVersion/kind pairs the repository uses, read from top-level lines of
 * its YAML without parsing it, so schemas can load while kubectl still renders. A guess only:
 * the loaded objects are what is checked.
 */
export function scanKinds(repoRoot: string, paths: readonly string[]): TypeHint[] {
  const root = path.resolve(repoRoot);
  const roots = paths.length === 0 ? [root] : paths.map((entry) => path.resolve(root, entry));
  const hints = new Map<string, TypeHint>();
  for (const file of listRepositoryFiles(root, roots).yaml) {
    let text: string;
    try {
      text = readFileSync(file, "utf8");
    } catch {
      continue;
    }
    for (const document of text.split(/^---/m)) {
      const apiVersion = [...document.matchAll(API_VERSION)][0]?.[1];
      const kind = [...document.matchAll(KIND)][0]?.[1];
      if (apiVersion !== undefined && kind !== undefined) {
        hints.set(`${apiVersion}/${kind}`, { apiVersion, kind });
      }
    }
  }
  return [...hints.values()];
}
