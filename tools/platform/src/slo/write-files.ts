import { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import type { GeneratedFiles } from "./generate.ts";
import { paths } from "./names.ts";

/** Writes every file; callers only get here once every spec was read without a problem. */
export async function writeGenerated(repoRoot: string, files: GeneratedFiles): Promise<void> {
  for (const [path, content] of files) {
    const target = join(repoRoot, path);
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, content);
  }
}

export interface Drift {
  path: string;
  /**
   * "missing" when not committed, "unexpected" when committed in a generated folder but no
   * longer produced (a spec was removed), else the first line that differs (1-based).
   */
  problem: "missing" | "unexpected" | { line: number; expected: string; found: string };
}

/** Compares committed files with what the specs produce now. */
export async function findDrift(repoRoot: string, files: GeneratedFiles): Promise<Drift[]> {
  const drift: Drift[] = [];
  for (const [path, expected] of files) {
    const found = await readFile(join(repoRoot, path), "utf8").catch(() => undefined);
    if (found === undefined) {
      drift.push({ path, problem: "missing" });
      continue;
    }
    if (found !== expected) {
      drift.push({ path, problem: firstDifference(expected, found) });
    }
  }

  for (const folder of [paths.manifests, paths.dashboards]) {
    const names = await readdir(join(repoRoot, folder)).catch(() => [] as string[]);
    for (const name of names.sort()) {
      const path = `${folder}/${name}`;
      if (!files.has(path)) {
        drift.push({ path, problem: "unexpected" });
      }
    }
  }
  return drift;
}

function firstDifference(expected: string, found: string) {
  const a = expected.split("\n");
  const b = found.split("\n");
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    if (a[i] !== b[i]) {
      return { line: i + 1, expected: a[i] ?? "(end of file)", found: b[i] ?? "(end of file)" };
    }
  }
  return { line: 1, expected: "", found: "" };
}

export function describeDrift(drift: Drift): string {
  if (drift.problem === "missing") {
    return `${drift.path}: expected a generated file, found none`;
  }
  if (drift.problem === "unexpected") {
    return `${drift.path}: expected no file (no spec produces it), found one`;
  }
  const { line, expected, found } = drift.problem;
  return (
    `${drift.path}:${line}: ` +
    `expected ${JSON.stringify(expected)}, found ${JSON.stringify(found)}`
  );
}
