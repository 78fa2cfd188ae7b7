import { existsSync } from "node:fs";
import path from "node:path";
import type {
  FieldPath,
  Finding,
  HelmValues,
  JsonFile,
  K8sObject,
  Manifest,
  SourceRef,
  ValidationInput,
} from "../validate/model.ts";
import { readApplicationValues } from "./helm-values.ts";
import { INPUT_RULES } from "./input-rules.ts";
import { KubectlMissingError } from "./kubectl.ts";
import {
  type Kustomization,
  kustomizationFileIn,
  readKustomization,
} from "./kustomization-file.ts";
import { readKustomizationTree } from "./kustomization-tree.ts";
import { rememberDocument } from "./manifest-sources.ts";
import { isRecord } from "./objects.ts";
import { renderKustomizationWithFindings } from "./render-kustomization.ts";
import { renderTogether } from "./render-together.ts";
import { listDashboardFiles, listRepositoryFiles } from "./repository-files.ts";
import { SourceCache } from "./source-cache.ts";
import type { YamlDocument } from "./yaml-documents.ts";

export interface LoadOptions {
  /** The kubectl binary; "kubectl" from PATH by default. */
  kubectl?: string;
  /** How many kustomizations render at once. */
  concurrency?: number;
}

export interface LoadedRepository extends ValidationInput {
  manifests: Manifest[];
  helmValues: HelmValues[];
  dashboards: JsonFile[];
  /** Input that could not be read as objects: each with its file and line. */
  findings: Finding[];
  /** Why part of the repository could not be validated at all (kubectl missing). */
  problems: string[];
  /** How many kustomizations were rendered, for the summary. */
  kustomizations: number;
}

/**
 * Reads everything the repository would apply: every top-level kustomization rendered, every
 * plain manifest outside kustomizations, the Helm values of Argo CD Applications, and the
 * dashboards. Unreadable input becomes findings; nothing here throws for a user's mistake.
 * `paths` (relative to repoRoot or absolute) limit the reading to those folders or files.
 */
export async function loadRepository(
  repoRoot: string,
  paths: readonly string[] = [],
  options: LoadOptions = {},
): Promise<LoadedRepository> {
  const root = path.resolve(repoRoot);
  const roots = paths.length === 0 ? [root] : paths.map((entry) => path.resolve(root, entry));
  const cache = new SourceCache(root);
  const files = listRepositoryFiles(root, roots);
  const loaded: LoadedRepository = {
    manifests: [],
    helmValues: [],
    dashboards: [],
    findings: [],
    problems: [],
    kustomizations: 0,
  };

  const kustomizations = files.kustomizationDirs.flatMap((dir) => {
    const file = kustomizationFileIn(dir);
    return file === undefined ? [] : [readKustomization(file, root)];
  });
  const included = new Set(kustomizations.flatMap((entry) => entry.children));
  const includedFiles = new Set(kustomizations.flatMap((entry) => entry.files));
  const tops = kustomizations.filter((entry) => !included.has(entry.dir) && !entry.isComponent);

  await renderAll(tops, root, cache, options, loaded);

  const kustomizationDirs = new Set(kustomizations.map((entry) => entry.dir));
  const plainFiles = files.yaml.filter((file) => !includedFiles.has(file));
  const documentsByFile = new Map<string, YamlDocument[]>();
  for (const file of plainFiles) {
    const parsed = cache.get(file);
    if (parsed === undefined) {
      loaded.findings.push(unreadable(cache.relative(file)));
      continue;
    }
    loaded.findings.push(...parsed.findings);
    documentsByFile.set(file, parsed.documents);
    if (kustomizationDirs.has(path.dirname(file))) {
      continue;
    }
    for (const document of parsed.documents) {
      loaded.manifests.push(...toManifests(document, loaded.findings));
    }
  }

  const valuesFiles = new Set<string>();
  for (const manifest of loaded.manifests) {
    if (isApplication(manifest.object)) {
      const values = readApplicationValues(manifest, cache);
      loaded.helmValues.push(...values.helmValues);
      loaded.findings.push(...values.findings);
      for (const file of values.files) {
        valuesFiles.add(file);
      }
    }
  }

  for (const [file, documents] of documentsByFile) {
    if (valuesFiles.has(file)) {
      continue;
    }
    const stray = kustomizationDirs.has(path.dirname(file));
    loaded.findings.push(...notApplied(cache.relative(file), documents, stray));
  }

  loaded.findings.push(...files.helmCharts.map((dir) => helmChart(dir, cache)));
  loaded.dashboards = readDashboards(root, roots, cache, loaded.findings);
  return loaded;
}

/** A chart folder: Helm renders it (Argo CD at sync), which this machine cannot. */
function helmChart(dir: string, cache: SourceCache): Finding {
  const file = path.join(dir, "Chart.yaml");
  const chart = cache.get(file)?.documents[0]?.value;
  const name = isRecord(chart) && typeof chart.name === "string" ? chart.name : path.basename(dir);
  return {
    ruleId: INPUT_RULES.manifest,
    severity: "info",
    message:
      `Helm chart ${name} is rendered by Helm (Argo CD renders it at sync); its templates and ` +
      "values are not validated here (no Helm on this machine)",
    source: { file: cache.relative(file), line: 1, column: 1 },
  };
}

async function renderAll(
  tops: Kustomization[],
  root: string,
  cache: SourceCache,
  options: LoadOptions,
  loaded: LoadedRepository,
): Promise<void> {
  const kubectl = options.kubectl ?? "kubectl";
  const missing: string[] = [];
  const renderOne = async (top: Kustomization) => {
    const rendered = await renderKustomizationWithFindings(top.dir, root, { cache, kubectl });
    loaded.manifests.push(...rendered.manifests);
    loaded.findings.push(...rendered.findings);
    loaded.kustomizations += 1;
  };
  const renderEach = (queue: Kustomization[]) => {
    const worker = async () => {
      for (
        let next = queue.shift();
        next !== undefined && missing.length === 0;
        next = queue.shift()
      ) {
        await renderOne(next);
      }
    };
    const workers = Math.max(1, Math.min(options.concurrency ?? 4, queue.length));
    return Promise.all(Array.from({ length: workers }, worker));
  };
  const noteMissing = (error: unknown) => {
    if (!(error instanceof KubectlMissingError)) {
      throw error;
    }
    missing.push(error.message);
  };

  // Kustomizations that fetch remote bases may need the network; build them on their own, at
  // the same time as one combined build of all the others (one kubectl start instead of many).
  const fetches = (top: Kustomization) =>
    readKustomizationTree(top.dir, root).some((entry) => entry.remotes.length > 0);
  const local = tops.filter((top) => !fetches(top));
  const combined = async () => {
    const together = local.length > 1 ? await renderTogether(local, kubectl, cache) : undefined;
    if (together === undefined) {
      await renderEach([...local]);
    } else {
      loaded.manifests.push(...together);
      loaded.kustomizations += local.length;
    }
  };
  await Promise.all([
    combined().catch(noteMissing),
    renderEach(tops.filter(fetches)).catch(noteMissing),
  ]);

  if (missing.length > 0) {
    loaded.problems.push(
      `${missing[0]}; ${tops.length} kustomization(s) were not rendered or validated`,
    );
  }
  // Rendering finishes in any order; keep the output stable.
  loaded.manifests.sort((a, b) => compareSource(a.source, b.source));
}

function compareSource(a: Manifest["source"], b: Manifest["source"]): number {
  return a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line;
}

/** The objects of a document: itself, or each item of a `v1 List` (as kubectl applies it). */
function toManifests(document: YamlDocument, findings: Finding[]): Manifest[] {
  const value = document.value;
  if (!isKubernetesObject(value)) {
    return [];
  }
  if (value.kind === "List" && value.apiVersion === "v1" && Array.isArray(value.items)) {
    return value.items.flatMap((item, index) => {
      const at: FieldPath = ["items", index];
      const locate = (path: FieldPath) => document.locate([...at, ...path]);
      return isKubernetesObject(item)
        ? [toManifest(item, document, locate(at), locate, findings)]
        : [];
    });
  }
  return [toManifest(value, document, document.source, document.locate, findings)];
}

function toManifest(
  value: Record<string, unknown>,
  document: YamlDocument,
  source: SourceRef,
  locate: Manifest["locate"],
  findings: Finding[],
): Manifest {
  if (!isRecord(value.metadata)) {
    value.metadata = {};
  }
  const manifest = rememberDocument({ object: value as K8sObject, source, locate }, document);
  // The API server names an object from generateName when it has no name (Argo CD hooks).
  if (!hasText(manifest.object.metadata.name) && !hasText(manifest.object.metadata.generateName)) {
    findings.push({
      ruleId: INPUT_RULES.manifest,
      severity: "error",
      message: `expected metadata.name (or generateName) on ${manifest.object.kind}, found none`,
      source: locate(["metadata"]),
    });
  }
  return manifest;
}

function hasText(value: unknown): boolean {
  return typeof value === "string" && value !== "";
}

function isKubernetesObject(value: unknown): value is Record<string, unknown> {
  return isRecord(value) && typeof value.apiVersion === "string" && typeof value.kind === "string";
}

function isApplication(object: K8sObject): boolean {
  return object.kind === "Application" && object.apiVersion.startsWith("argoproj.io/");
}

/** YAML that nothing applies: not Kubernetes objects, or left out of its kustomization. */
function notApplied(_file: string, documents: YamlDocument[], stray: boolean): Finding[] {
  const findings: Finding[] = [];
  const present = documents.filter((document) => document.value != null);
  if (stray) {
    const first = present[0];
    if (first !== undefined) {
      findings.push({
        ruleId: INPUT_RULES.manifest,
        severity: "warning",
        message:
          "expected this file in its folder's kustomization (resources or patches), found it " +
          "unlisted: kustomize and Argo CD never apply it",
        source: first.source,
      });
    }
    return findings;
  }

  const foreign = present.filter((document) => !isKubernetesObject(document.value));
  if (foreign.length > 0 && foreign.length === present.length) {
    findings.push({
      ruleId: INPUT_RULES.manifest,
      severity: "warning",
      message:
        "expected Kubernetes objects (apiVersion and kind) or Helm values named by an " +
        "Application's valueFiles, found neither",
      source: (foreign[0] as YamlDocument).source,
    });
    return findings;
  }
  for (const document of foreign) {
    findings.push({
      ruleId: INPUT_RULES.manifest,
      severity: "warning",
      message:
        `expected a Kubernetes object (apiVersion and kind) in document ${document.index + 1}, ` +
        `found ${describe(document.value)}`,
      source: document.source,
    });
  }
  return findings;
}

function describe(value: unknown): string {
  if (isRecord(value)) {
    const keys = Object.keys(value).slice(0, 3);
    return keys.length === 0 ? "an empty mapping" : `a mapping with ${keys.join(", ")}`;
  }
  return Array.isArray(value) ? "a list" : `the scalar ${JSON.stringify(value)}`;
}

function readDashboards(
  root: string,
  roots: readonly string[],
  cache: SourceCache,
  findings: Finding[],
): JsonFile[] {
  const dashboards: JsonFile[] = [];
  for (const file of listDashboardFiles(root, roots)) {
    // JSON is YAML, so the same reader gives JSON files their lines too.
    const parsed = existsSync(file) ? cache.get(file) : undefined;
    if (parsed === undefined) {
      findings.push(unreadable(cache.relative(file)));
      continue;
    }
    findings.push(...parsed.findings);
    const document = parsed.documents[0];
    if (document !== undefined) {
      dashboards.push({
        file: cache.relative(file),
        value: document.value,
        locate: document.locate,
      });
    }
  }
  return dashboards;
}

function unreadable(file: string): Finding {
  return {
    ruleId: INPUT_RULES.manifest,
    severity: "error",
    message: "could not read the file",
    source: { file, line: 1, column: 1 },
  };
}
