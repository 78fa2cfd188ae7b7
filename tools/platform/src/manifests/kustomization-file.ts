import { existsSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import type { Finding } from "../validate/model.ts";
import { isRecord } from "./objects.ts";
import { parseYaml, type YamlDocument } from "./yaml-documents.ts";

/** The names kustomize accepts for a kustomization file, in its order of preference. */
export const KUSTOMIZATION_FILE_NAMES = [
  "kustomization.yaml",
  "kustomization.yml",
  "Kustomization",
] as const;

/** A patch file and the objects it targets, when the kustomization names them. */
export interface PatchFile {
  file: string;
  target?: { kind?: string; name?: string };
}

/** What a kustomization file pulls in, as absolute paths. */
export interface Kustomization {
  dir: string;
  file: string;
  document: YamlDocument | undefined;
  isComponent: boolean;
  /** Folders that are kustomizations themselves (resources, bases, components). */
  children: string[];
  /** Every file the kustomization reads, so none is also read as a plain manifest. */
  files: string[];
  /** Patch files (strategic merge or JSON 6902): they wrote the fields they set. */
  patchFiles: PatchFile[];
  /** Remote resources (URLs, git repositories): building needs the network. */
  remotes: string[];
  findings: Finding[];
}

export function kustomizationFileIn(dir: string): string | undefined {
  for (const name of KUSTOMIZATION_FILE_NAMES) {
    const file = path.join(dir, name);
    if (existsSync(file)) {
      return file;
    }
  }
  return undefined;
}

/** Reads the references of a kustomization file; remote and missing entries are skipped. */
export function readKustomization(file: string, repoRoot: string): Kustomization {
  const dir = path.dirname(file);
  const relative = path.relative(repoRoot, file);
  const parsed = parseYaml(readFileSync(file, "utf8"), relative);
  const document = parsed.documents[0];
  const spec = isRecord(document?.value) ? document.value : {};
  const result: Kustomization = {
    dir,
    file,
    document,
    isComponent: spec.kind === "Component",
    children: [],
    files: [file],
    patchFiles: [],
    remotes: [],
    findings: parsed.findings,
  };

  const add = (entry: unknown) => {
    if (typeof entry !== "string") {
      return;
    }
    if (isRemote(entry)) {
      result.remotes.push(entry);
      return;
    }
    const target = path.resolve(dir, entry);
    if (!existsSync(target)) {
      return;
    }
    if (statSync(target).isDirectory()) {
      result.children.push(target);
    } else {
      result.files.push(target);
    }
  };

  for (const key of ["resources", "bases", "components", "crds", "configurations"]) {
    strings(spec[key]).forEach(add);
  }
  for (const key of ["generators", "transformers", "validators"]) {
    strings(spec[key]).forEach(add);
  }
  for (const patch of [...list(spec.patches), ...list(spec.patchesJson6902)]) {
    if (isRecord(patch) && typeof patch.path === "string") {
      add(patch.path);
      result.patchFiles.push(patchFile(path.resolve(dir, patch.path), patch.target));
    }
  }
  for (const patch of strings(spec.patchesStrategicMerge)) {
    if (!patch.includes("\n")) {
      add(patch);
      result.patchFiles.push({ file: path.resolve(dir, patch) });
    }
  }
  for (const replacement of list(spec.replacements)) {
    if (isRecord(replacement)) {
      add(replacement.path);
    }
  }
  for (const generator of [...list(spec.configMapGenerator), ...list(spec.secretGenerator)]) {
    if (!isRecord(generator)) {
      continue;
    }
    // A file entry is "path" or "key=path".
    for (const entry of strings(generator.files)) {
      add(entry.includes("=") ? entry.slice(entry.indexOf("=") + 1) : entry);
    }
    strings(generator.envs).forEach(add);
    add(generator.env);
  }
  for (const chart of list(spec.helmCharts)) {
    if (isRecord(chart)) {
      add(chart.valuesFile);
    }
  }
  if (isRecord(spec.openapi)) {
    add(spec.openapi.path);
  }

  result.patchFiles = result.patchFiles.filter((patch) => existsSync(patch.file));
  return result;
}

function patchFile(file: string, target: unknown): PatchFile {
  if (!isRecord(target)) {
    return { file };
  }
  return {
    file,
    target: {
      ...(typeof target.kind === "string" ? { kind: target.kind } : {}),
      ...(typeof target.name === "string" ? { name: target.name } : {}),
    },
  };
}

function isRemote(entry: string): boolean {
  return /^[a-z]+:\/\//i.test(entry) || entry.startsWith("github.com/") || entry.includes("?ref=");
}

function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function strings(value: unknown): string[] {
  return list(value).filter((entry): entry is string => typeof entry === "string");
}
