import { existsSync } from "node:fs";
import path from "node:path";
import type { FieldPath, Finding, HelmValues, Manifest, SourceRef } from "../validate/model.ts";
import { applicationSources } from "./application-sources.ts";
import { INPUT_RULES } from "./input-rules.ts";
import { documentOf } from "./manifest-sources.ts";
import { isRecord, objectRef, valueAt } from "./objects.ts";
import type { SourceCache } from "./source-cache.ts";
import { parseYaml, type YamlDocument } from "./yaml-documents.ts";

/** One place values come from, lowest precedence first, as Argo CD merges them. */
interface ValuesLayer {
  values: Record<string, unknown>;
  has(path: FieldPath): boolean;
  locate(path: FieldPath): SourceRef;
}

export interface ApplicationValues {
  helmValues: HelmValues[];
  findings: Finding[];
  /** Absolute paths of the values files read, so they are not reported as stray YAML. */
  files: string[];
}

/**
 * The Helm values each chart source of an Argo CD Application receives: valueFiles in order,
 * then `values`, then `valuesObject`, then `parameters`, as Argo CD applies them (its docs,
 * "Helm" user guide). `$ref/...` value files of multi-source Applications are read from this
 * repository, which is what the ref source points at here.
 */
export function readApplicationValues(
  application: Manifest,
  cache: SourceCache,
): ApplicationValues {
  const result: ApplicationValues = { helmValues: [], findings: [], files: [] };
  const spec = application.object.spec;
  if (!isRecord(spec)) {
    return result;
  }

  const sources = applicationSources(spec);

  for (const { source, at } of sources) {
    const isChart = typeof source.chart === "string";
    if (!isChart && !isRecord(source.helm)) {
      continue;
    }
    const helm = isRecord(source.helm) ? source.helm : {};
    const layers = [
      ...valueFileLayers(application, source, helm, at, sources, cache, result),
      ...inlineLayers(application, helm, [...at, "helm"], cache),
    ];
    const values = layers.reduce<Record<string, unknown>>(
      (merged, layer) => deepMerge(merged, layer.values),
      {},
    );
    const fallback = application.locate([...at, "helm"]);
    result.helmValues.push({
      application,
      chart: isChart ? (source.chart as string) : path.basename(String(source.path ?? "")),
      ...(typeof source.targetRevision === "string" && isChart
        ? { version: source.targetRevision }
        : {}),
      values,
      locate(fieldPath) {
        for (const layer of [...layers].reverse()) {
          if (layer.has(fieldPath)) {
            return layer.locate(fieldPath);
          }
        }
        return layers.at(-1)?.locate(fieldPath) ?? fallback;
      },
    });
  }
  return result;
}

function valueFileLayers(
  application: Manifest,
  source: Record<string, unknown>,
  helm: Record<string, unknown>,
  at: FieldPath,
  sources: { source: Record<string, unknown> }[],
  cache: SourceCache,
  result: ApplicationValues,
): ValuesLayer[] {
  const layers: ValuesLayer[] = [];
  const entries = Array.isArray(helm.valueFiles) ? helm.valueFiles : [];
  entries.forEach((entry, index) => {
    if (typeof entry !== "string") {
      return;
    }
    const file = resolveValueFile(entry, source, sources, cache.repoRoot);
    if (file === undefined) {
      return;
    }
    const where = application.locate([...at, "helm", "valueFiles", index]);
    const parsed = existsSync(file) ? cache.get(file) : undefined;
    if (parsed === undefined) {
      if (helm.ignoreMissingValueFiles !== true) {
        result.findings.push({
          ruleId: INPUT_RULES.manifest,
          severity: "error",
          message: `expected values file ${cache.relative(file)} in the repository, found none`,
          source: where,
          object: objectRef(application),
        });
      }
      return;
    }
    result.files.push(file);
    result.findings.push(...parsed.findings);
    const document = parsed.documents[0];
    if (document !== undefined && isRecord(document.value)) {
      layers.push(documentLayer(document, document.value));
    }
  });
  return layers;
}

/** Where a valueFiles entry lives in this repository; undefined when it is inside a chart. */
function resolveValueFile(
  entry: string,
  source: Record<string, unknown>,
  sources: { source: Record<string, unknown> }[],
  repoRoot: string,
): string | undefined {
  const ref = /^\$([^/]+)\/(.*)$/.exec(entry);
  if (ref !== null) {
    const named = sources.some(({ source: other }) => other.ref === ref[1]);
    return named ? path.resolve(repoRoot, ref[2] ?? "") : undefined;
  }
  if (typeof source.chart === "string" || typeof source.path !== "string") {
    return undefined;
  }
  return path.resolve(repoRoot, source.path, entry);
}

function inlineLayers(
  application: Manifest,
  helm: Record<string, unknown>,
  at: FieldPath,
  cache: SourceCache,
): ValuesLayer[] {
  const layers: ValuesLayer[] = [];
  const document = documentOf(application);

  if (typeof helm.values === "string") {
    const embedded = embeddedLayer(application, helm.values, [...at, "values"], document, cache);
    if (embedded !== undefined) {
      layers.push(embedded);
    }
  }
  if (isRecord(helm.valuesObject)) {
    layers.push(subtreeLayer(application, helm.valuesObject, [...at, "valuesObject"]));
  }
  if (Array.isArray(helm.parameters)) {
    layers.push(parameterLayer(application, helm.parameters, [...at, "parameters"]));
  }
  return layers;
}

/** `values: |` holds YAML in a string; its lines are offset from the Application's. */
function embeddedLayer(
  application: Manifest,
  text: string,
  at: FieldPath,
  document: YamlDocument | undefined,
  cache: SourceCache,
): ValuesLayer | undefined {
  const start = application.locate(at);
  const parsed = parseYaml(text, start.file);
  const inner = parsed.documents[0];
  if (inner === undefined || !isRecord(inner.value)) {
    return undefined;
  }
  const fileText = cache.get(path.resolve(cache.repoRoot, start.file))?.text ?? "";
  const lines = fileText.split("\n");
  const blockStart = document?.has(at) === true ? start.line : undefined;
  const indentOf = (line: number) => /^ */.exec(lines[line - 1] ?? "")?.[0].length ?? 0;
  return {
    values: inner.value,
    has: (fieldPath) => inner.has(fieldPath),
    locate(fieldPath) {
      const position = inner.locate(fieldPath);
      if (blockStart === undefined) {
        return start;
      }
      // The block scalar's text begins on the line after its key, indented as a whole.
      const line = blockStart + position.line;
      return { file: start.file, line, column: position.column + indentOf(blockStart + 1) };
    },
  };
}

function subtreeLayer(
  application: Manifest,
  values: Record<string, unknown>,
  at: FieldPath,
): ValuesLayer {
  return {
    values,
    has: (fieldPath) => valueAt(values, fieldPath) !== undefined,
    locate: (fieldPath) => application.locate([...at, ...fieldPath]),
  };
}

/** `parameters: [{name: a.b, value: x}]` set values by dotted path, like `helm --set`. */
function parameterLayer(application: Manifest, parameters: unknown[], at: FieldPath): ValuesLayer {
  const values: Record<string, unknown> = {};
  const written = new Map<string, number>();
  parameters.forEach((parameter, index) => {
    if (!isRecord(parameter) || typeof parameter.name !== "string") {
      return;
    }
    const keys = parameter.name.split(".");
    let target = values;
    for (const key of keys.slice(0, -1)) {
      const next = isRecord(target[key]) ? target[key] : {};
      target[key] = next;
      target = next;
    }
    target[keys.at(-1) ?? ""] = parameter.value;
    written.set(parameter.name, index);
  });
  const indexOf = (fieldPath: FieldPath) => written.get(fieldPath.join("."));
  return {
    values,
    has: (fieldPath) => indexOf(fieldPath) !== undefined,
    locate: (fieldPath) => application.locate([...at, indexOf(fieldPath) ?? 0]),
  };
}

function documentLayer(document: YamlDocument, values: Record<string, unknown>): ValuesLayer {
  return { values, has: (p) => document.has(p), locate: (p) => document.locate(p) };
}

function deepMerge(
  base: Record<string, unknown>,
  overlay: Record<string, unknown>,
): Record<string, unknown> {
  const merged: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(overlay)) {
    const current = merged[key];
    merged[key] = isRecord(current) && isRecord(value) ? deepMerge(current, value) : value;
  }
  return merged;
}
