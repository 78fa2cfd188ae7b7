import {
  type Document,
  isCollection,
  isMap,
  isPair,
  LineCounter,
  type LineCounter as LineCounterType,
  type Node,
  parseAllDocuments,
  visit,
} from "yaml";
import type { FieldPath, Finding, SourceRef } from "../validate/model.ts";
import { INPUT_RULES } from "./input-rules.ts";
import { hasField, locateField, toSourceRef } from "./source-locator.ts";

/** One YAML document of a file, its value, and a way back to its fields' lines. */
export interface YamlDocument {
  value: unknown;
  /** 0-based position of the document in its file. */
  index: number;
  source: SourceRef;
  /** The node the value was read from, for finer locating (e.g. inside block scalars). */
  node: Node | null;
  lineCounter: LineCounterType;
  locate(path: FieldPath): SourceRef;
  has(path: FieldPath): boolean;
}

export interface ParsedYaml {
  text: string;
  documents: YamlDocument[];
  findings: Finding[];
}

/**
 * Parses every document of a YAML text, keeping source positions. Syntax errors and duplicate
 * keys become findings with their line; a document with errors is left out, the others are kept.
 */
export function parseYaml(text: string, file: string): ParsedYaml {
  const lineCounter = new LineCounter();
  const parsed = parseAllDocuments(text, { lineCounter, uniqueKeys: true, prettyErrors: true });
  const documents: YamlDocument[] = [];
  const findings: Finding[] = [];

  // An empty stream comes back as a single EmptyStream object, not an array.
  if (!Array.isArray(parsed)) {
    return { text, documents, findings };
  }

  const mayHaveCollectionKeys = COLLECTION_KEY_HINT.test(text);
  parsed.forEach((doc, index) => {
    if (doc.errors.length > 0) {
      for (const error of doc.errors) {
        const source = toSourceRef(error.pos[0], lineCounter, file);
        const key = /^[^:\n]*/.exec(text.slice(error.pos[0]))?.[0].trim() ?? "";
        findings.push({
          ruleId: INPUT_RULES.yaml,
          severity: "error",
          message:
            error.code === "DUPLICATE_KEY"
              ? `expected each key once in a mapping, found ${JSON.stringify(key)} again`
              : `could not parse YAML: ${firstLine(error.message)}`,
          source,
        });
      }
      return;
    }

    const collectionKeys = mayHaveCollectionKeys
      ? collectionKeyFindings(doc, text, lineCounter, file)
      : [];
    if (collectionKeys.length > 0) {
      findings.push(...collectionKeys);
      return;
    }

    const node = doc.contents as Node | null;
    const start = node?.range?.[0] ?? doc.range[0];
    let value: unknown;
    try {
      value = doc.toJS({ maxAliasCount: 100 });
    } catch (error) {
      // An alias to no anchor, or aliases that expand past the limit (a "billion laughs").
      const at = unresolvedAlias(doc) ?? start;
      findings.push({
        ruleId: INPUT_RULES.yaml,
        severity: "error",
        message: `could not parse YAML: ${firstLine(errorText(error))}`,
        source: toSourceRef(at, lineCounter, file),
      });
      return;
    }
    documents.push({
      value,
      index,
      node,
      lineCounter,
      source: toSourceRef(start, lineCounter, file),
      locate: (path) =>
        node === null
          ? toSourceRef(start, lineCounter, file)
          : locateField(node, path, lineCounter, file),
      has: (path) => node !== null && hasField(node, path),
    });
  });

  return { text, documents, findings };
}

/**
 * Text without any of these cannot hold a collection key: one ends in `}` or `]` before its
 * colon, sits in a flow mapping after `{` or `,`, or follows an explicit `?`. Walking every
 * node costs a third of the parse on large CRDs, so only texts with a hint are walked.
 */
const COLLECTION_KEY_HINT = /[}\]]\s*:|\{\s*[{[]|,\s*[{[]|(^|\s)\?\s/m;

/**
 * A mapping or list used as a key, as an unquoted `{{ template }}` value reads: JSON has only
 * string keys, so kubectl (and Argo CD) refuse the document. Points at the flow mapping that
 * holds the key when there is one, which is where the braces were written.
 */
function collectionKeyFindings(
  doc: Document.Parsed,
  text: string,
  lineCounter: LineCounterType,
  file: string,
): Finding[] {
  const findings: Finding[] = [];
  visit(doc, {
    Pair(_key, pair, path) {
      if (!isPair(pair) || !isCollection(pair.key)) {
        return;
      }
      const parent = path.at(-1);
      const holder = isMap(parent) && parent.flow === true ? parent : pair.key;
      const [start, end] = holder.range ?? [0, 0];
      findings.push({
        ruleId: INPUT_RULES.yaml,
        severity: "error",
        message:
          `expected a string key, found the mapping ${text.slice(start, end).trim()} as a key: ` +
          "Kubernetes cannot read it (quote template expressions)",
        source: toSourceRef(start, lineCounter, file),
      });
    },
  });
  return findings;
}

/** Where the first alias that names no earlier anchor starts, if one does. */
function unresolvedAlias(doc: Document.Parsed): number | undefined {
  let offset: number | undefined;
  visit(doc, {
    Alias(_key, alias) {
      if (alias.resolve(doc) === undefined) {
        offset = alias.range?.[0];
        return visit.BREAK;
      }
      return undefined;
    },
  });
  return offset;
}

/** The yaml package's pretty errors append a code excerpt after the first line. */
function firstLine(message: string): string {
  const line = message.split("\n")[0] ?? message;
  return line.replace(/ at line \d+, column \d+:?$/, "");
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
