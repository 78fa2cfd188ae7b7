import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { parse, parseAllDocuments } from "yaml";
import type { FieldPath, Finding, K8sObject, Manifest, SourceRef } from "../validate/model.ts";
import { INPUT_RULES } from "./input-rules.ts";
import { kubectlKustomize } from "./kubectl.ts";
import type { Kustomization, PatchFile } from "./kustomization-file.ts";
import { readKustomizationTree } from "./kustomization-tree.ts";
import { rememberDocument } from "./manifest-sources.ts";
import { isRecord, valueAt } from "./objects.ts";
import { SourceCache } from "./source-cache.ts";
import type { YamlDocument } from "./yaml-documents.ts";

const ORIGIN_ANNOTATION = "config.kubernetes.io/origin";

/** Marks which kustomization an object came from when several render in one build. */
export const RENDERED_BY_ANNOTATION = "platform.validate/rendered-by";

export interface RenderOptions {
  /** The kubectl binary; "kubectl" from PATH by default. */
  kubectl?: string;
  cache?: SourceCache;
}

export interface RenderResult {
  manifests: Manifest[];
  findings: Finding[];
  /** Every kustomization the render read, the top one first. */
  tree: Kustomization[];
}

/** A kustomization that kubectl could not build; the message names the file and the cause. */
export class KustomizeBuildError extends Error {
  override name = "KustomizeBuildError";
}

/**
 * Renders a kustomization with `kubectl kustomize` and maps each object back to the file and
 * line that wrote it. Throws KustomizeBuildError when it does not build and KubectlMissingError
 * when kubectl is not installed.
 */
export async function renderKustomization(
  dir: string,
  repoRoot: string,
  options: RenderOptions = {},
): Promise<Manifest[]> {
  const result = await renderKustomizationWithFindings(dir, repoRoot, options);
  const failure = result.findings.find((finding) => finding.severity === "error");
  if (failure !== undefined) {
    const where = `${failure.source.file}:${failure.source.line}`;
    throw new KustomizeBuildError(`${where}: ${failure.message}`);
  }
  return result.manifests;
}

/** Like renderKustomization, but a failed build is a finding instead of a throw. */
export async function renderKustomizationWithFindings(
  dir: string,
  repoRoot: string,
  options: RenderOptions = {},
): Promise<RenderResult> {
  const absoluteDir = path.resolve(repoRoot, dir);
  const cache = options.cache ?? new SourceCache(repoRoot);
  const tree = readKustomizationTree(absoluteDir, repoRoot);
  const top = tree[0];
  if (top === undefined) {
    throw new KustomizeBuildError(`${cache.relative(absoluteDir)}: no kustomization file found`);
  }
  const findings = tree.flatMap((kustomization) => kustomization.findings);
  if (findings.length > 0) {
    return { manifests: [], findings, tree };
  }

  // Kustomize records where each object came from only when asked to in the kustomization;
  // a throwaway kustomization that includes this one asks for it without touching the repo.
  const wrapper = await mkdtemp(path.join(os.tmpdir(), "platform-validate-"));
  try {
    const include = path.relative(wrapper, absoluteDir).split(path.sep).join("/");
    await writeFile(
      path.join(wrapper, "kustomization.yaml"),
      `resources:\n  - ${JSON.stringify(include)}\nbuildMetadata: [originAnnotations]\n`,
    );
    const built = await kubectlKustomize(options.kubectl ?? "kubectl", wrapper);
    if (!built.ok) {
      const remotes = tree.flatMap((kustomization) => kustomization.remotes);
      const failure =
        remotes.length > 0 && OFFLINE.test(built.stderr)
          ? offlineFailure(top, remotes, cache)
          : buildFailure(top, built.stderr, include, cache);
      return { manifests: [], findings: [failure], tree };
    }
    const manifests = parseRendered(built.stdout, wrapper, () => tree, cache);
    return { manifests, findings: [], tree };
  } finally {
    await rm(wrapper, { recursive: true, force: true });
  }
}

function buildFailure(
  top: Kustomization,
  stderr: string,
  include: string,
  cache: SourceCache,
): Finding {
  const cause = kubectlCause(stderr, include, cache.relative(top.dir), cache.repoRoot);
  return {
    ruleId: INPUT_RULES.kustomize,
    severity: "error",
    message: `could not build kustomization: ${cause}`,
    source: pointAtEntry(top, cause, cache),
  };
}

/** What kubectl says when a remote resource cannot be fetched because there is no network. */
const OFFLINE = /no such host|could not resolve host|dial tcp|network is unreachable|i\/o timeout/i;

/** A remote resource that cannot be fetched offline is not the repository's fault. */
function offlineFailure(top: Kustomization, remotes: string[], cache: SourceCache): Finding {
  return {
    ruleId: INPUT_RULES.kustomize,
    severity: "warning",
    message:
      `could not build kustomization offline: it fetches ${remotes.join(", ")}, which this ` +
      "machine cannot reach; its objects are not validated",
    source: pointAtEntry(top, remotes[0] ?? "", cache),
  };
}

/** How much of kubectl's nested error a finding quotes before keeping only the innermost part. */
const CAUSE_LIMIT = 240;

/**
 * kubectl reports a failed build either as "error: ..." or as a klog line with err="...", and
 * nests every layer of the cause; keep the innermost clauses and show paths from the repo.
 */
function kubectlCause(stderr: string, include: string, topDir: string, repoRoot: string): string {
  const text = stderr.trim();
  const klog = /err="(.*)"\s*$/s.exec(text);
  let cause = (klog?.[1] ?? text.replace(/^error: /, "")).replaceAll('\\"', '"');
  cause = cause.replaceAll(`${repoRoot}/`, "");
  // Paths in kubectl's message are relative to the wrapper; show them relative to the repo.
  const prefix = include.slice(0, include.length - topDir.length);
  if (prefix !== "") {
    cause = cause.replaceAll(prefix, "");
  }
  cause = cause.replace(/\s+/g, " ");
  if (cause.length > CAUSE_LIMIT) {
    cause = cause.split(": ").slice(-2).join(": ");
  }
  return cause || "kubectl kustomize failed";
}

/** Points at the kustomization entry the error names, if any, else at the file. */
function pointAtEntry(top: Kustomization, cause: string, cache: SourceCache): SourceRef {
  const fallback: SourceRef = { file: cache.relative(top.file), line: 1, column: 1 };
  const spec = top.document?.value;
  if (!isRecord(spec) || top.document === undefined) {
    return fallback;
  }
  for (const key of ["resources", "bases", "components", "patches", "patchesStrategicMerge"]) {
    const entries = spec[key];
    if (!Array.isArray(entries)) {
      continue;
    }
    for (const [index, entry] of entries.entries()) {
      const name = typeof entry === "string" ? entry : isRecord(entry) ? entry.path : undefined;
      if (typeof name === "string" && cause.includes(path.basename(name))) {
        return top.document.locate([key, index]);
      }
    }
  }
  return fallback;
}

/**
 * Reads kubectl's output and maps each object to its source. `treeOf` says which rendered
 * kustomization an object came from, given its annotations (several render in one build).
 */
export function parseRendered(
  output: string,
  wrapper: string,
  treeOf: (annotations: Record<string, unknown>) => Kustomization[] | undefined,
  cache: SourceCache,
): Manifest[] {
  const manifests: Manifest[] = [];
  for (const doc of parseAllDocuments(output)) {
    const object: unknown = doc.toJS();
    if (!isRecord(object) || !isRecord(object.metadata)) {
      continue;
    }
    const annotations = isRecord(object.metadata.annotations) ? object.metadata.annotations : {};
    const tree = treeOf(annotations);
    const origin = takeOrigin(object.metadata);
    const top = tree?.[0];
    if (tree !== undefined && top !== undefined) {
      const manifest = mapToSource(object as unknown as K8sObject, origin, wrapper, tree, cache);
      manifest.renderedBy = cache.relative(top.dir);
      manifests.push(manifest);
    }
  }
  return manifests;
}

interface Origin {
  path?: string;
  configuredIn?: string;
}

function takeOrigin(metadata: Record<string, unknown>): Origin {
  const annotations = metadata.annotations;
  if (!isRecord(annotations)) {
    return {};
  }
  const text = annotations[ORIGIN_ANNOTATION];
  delete annotations[ORIGIN_ANNOTATION];
  delete annotations[RENDERED_BY_ANNOTATION];
  if (Object.keys(annotations).length === 0) {
    delete metadata.annotations;
  }
  const origin: unknown = typeof text === "string" ? parse(text) : undefined;
  return isRecord(origin) ? (origin as Origin) : {};
}

function mapToSource(
  object: K8sObject,
  origin: Origin,
  wrapper: string,
  tree: Kustomization[],
  cache: SourceCache,
): Manifest {
  const top = tree[0] as Kustomization;
  const name = object.metadata.name ?? "";

  if (typeof origin.path === "string") {
    const file = path.resolve(wrapper, origin.path);
    const source = findDocument(cache.get(file)?.documents ?? [], object.kind, name);
    if (source !== undefined) {
      const patches = tree.flatMap((kustomization) =>
        kustomization.patchFiles.flatMap((patch) => patchLocators(patch, object, cache)),
      );
      return documentManifest(object, source, patches, tree, cache);
    }
  }

  // Generated objects (ConfigMapGenerator, SecretGenerator) were written in a kustomization.
  const generatorIn =
    typeof origin.configuredIn === "string" ? path.resolve(wrapper, origin.configuredIn) : top.file;
  const kustomization = tree.find((entry) => entry.file === generatorIn) ?? top;
  const key = object.kind === "Secret" ? "secretGenerator" : "configMapGenerator";
  const at = kustomization.document?.locate([key]) ?? {
    file: cache.relative(kustomization.file),
    line: 1,
    column: 1,
  };
  return { object, source: at, locate: () => at };
}

/** The document of a file that wrote an object: same kind, and its name inside the rendered one. */
function findDocument(
  documents: YamlDocument[],
  kind: string,
  renderedName: string,
): YamlDocument | undefined {
  const sameKind = documents.filter((doc) => isRecord(doc.value) && doc.value.kind === kind);
  const named = sameKind
    .filter((doc) => matches(doc, kind, renderedName))
    .sort((a, b) => nameOf(b).length - nameOf(a).length);
  return named[0] ?? (sameKind.length === 1 ? sameKind[0] : undefined);
}

function matches(doc: YamlDocument, kind: string, renderedName: string): boolean {
  if (!isRecord(doc.value) || doc.value.kind !== kind) {
    return false;
  }
  const name = nameOf(doc);
  return name !== "" && renderedName.includes(name);
}

function nameOf(doc: YamlDocument): string {
  const value = doc.value;
  if (isRecord(value) && isRecord(value.metadata) && typeof value.metadata.name === "string") {
    return value.metadata.name;
  }
  return "";
}

/** Where a patch wrote a field of a rendered object, if it did. */
type PatchLocator = (fieldPath: FieldPath) => SourceRef | undefined;

/**
 * The patches of a file that apply to an object. A strategic merge patch is a partial object of
 * the same kind and name; a JSON 6902 patch is a list of operations on the kustomization's
 * target, and wrote every field under each operation's path (the last operation wins).
 */
function patchLocators(patch: PatchFile, object: K8sObject, cache: SourceCache): PatchLocator[] {
  const name = object.metadata.name ?? "";
  const target = patch.target;
  const targeted =
    target === undefined ||
    ((target.kind === undefined || target.kind === object.kind) &&
      (target.name === undefined || name.includes(target.name)));
  const documents = cache.get(patch.file)?.documents ?? [];
  const [first] = documents;

  if (first !== undefined && Array.isArray(first.value)) {
    if (!targeted || target === undefined) {
      return [];
    }
    const operations: unknown[] = first.value;
    return [(fieldPath) => locateOperation(first, operations, fieldPath)];
  }

  return documents
    .filter((doc) => targeted && (target !== undefined || matches(doc, object.kind, name)))
    .map((doc) => (fieldPath: FieldPath) => {
      const inPatch = translatePath(object, doc.value, fieldPath);
      return doc.has(inPatch) ? doc.locate(inPatch) : undefined;
    });
}

/** The value of the last JSON 6902 operation whose path holds the field. */
function locateOperation(
  document: YamlDocument,
  operations: unknown[],
  fieldPath: FieldPath,
): SourceRef | undefined {
  for (let index = operations.length - 1; index >= 0; index--) {
    const operation = operations[index];
    if (!isRecord(operation) || typeof operation.path !== "string" || operation.op === "remove") {
      continue;
    }
    const segments = operation.path
      .split("/")
      .slice(1)
      .map((segment) => segment.replaceAll("~1", "/").replaceAll("~0", "~"));
    const inside =
      segments.length <= fieldPath.length &&
      segments.every((segment, i) => String(fieldPath[i]) === segment);
    if (inside) {
      return document.locate([index, "value", ...fieldPath.slice(segments.length)]);
    }
  }
  return undefined;
}

function documentManifest(
  object: K8sObject,
  source: YamlDocument,
  patches: PatchLocator[],
  tree: Kustomization[],
  _cache: SourceCache,
): Manifest {
  return rememberDocument(
    {
      object,
      source: source.source,
      locate(fieldPath: FieldPath): SourceRef {
        for (const patch of patches) {
          const written = patch(fieldPath);
          if (written !== undefined) {
            return written;
          }
        }
        const inSource = translatePath(object, source.value, fieldPath);
        const image = imageOverride(object, source, inSource, fieldPath, tree);
        if (image !== undefined) {
          return image;
        }
        return source.locate(inSource);
      },
    },
    source,
  );
}

/**
 * Rewrites list indices of the rendered object into the indices of a source document, matching
 * list items by name: strategic merge patches and kustomize merge lists such as containers by
 * name, so item 1 rendered may be item 0 in the patch that wrote it.
 */
function translatePath(rendered: unknown, written: unknown, fieldPath: FieldPath): FieldPath {
  const result: (string | number)[] = [];
  let left = rendered;
  let right = written;
  for (const segment of fieldPath) {
    if (typeof segment === "number" && Array.isArray(left) && Array.isArray(right)) {
      const item: unknown = left[segment];
      const name = isRecord(item) ? item.name : undefined;
      const index =
        name === undefined
          ? segment
          : right.findIndex((entry) => isRecord(entry) && entry.name === name);
      result.push(index < 0 ? segment : index);
      left = item;
      right = right[index < 0 ? segment : index];
    } else {
      result.push(segment);
      left = isRecord(left) ? left[segment] : undefined;
      right = isRecord(right) ? right[segment] : undefined;
    }
  }
  return result;
}

/** An image changed by a kustomization's `images:` list points at that entry. */
function imageOverride(
  object: K8sObject,
  source: YamlDocument,
  inSource: FieldPath,
  fieldPath: FieldPath,
  tree: Kustomization[],
): SourceRef | undefined {
  if (fieldPath[fieldPath.length - 1] !== "image") {
    return undefined;
  }
  const written = valueAt(source.value, inSource);
  const rendered = valueAt(object, fieldPath);
  if (typeof written !== "string" || written === rendered) {
    return undefined;
  }
  const imageName = written.replace(/@.*$/, "").replace(/:[^:/]*$/, "");
  for (const kustomization of tree) {
    const images = isRecord(kustomization.document?.value)
      ? kustomization.document.value.images
      : undefined;
    if (!Array.isArray(images)) {
      continue;
    }
    const index = images.findIndex((entry) => isRecord(entry) && entry.name === imageName);
    if (index >= 0 && kustomization.document !== undefined) {
      return kustomization.document.locate(["images", index]);
    }
  }
  return undefined;
}
