import {
  LineCounter,
  type LineCounter as LineCounterType,
  type Node,
  parseAllDocuments,
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

    const node = doc.contents as Node | null;
    const value: unknown = doc.toJS({ maxAliasCount: 100 });
    const start = node?.range?.[0] ?? doc.range[0];
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

/** The yaml package's pretty errors append a code excerpt after the first line. */
function firstLine(message: string): string {
  const line = message.split("\n")[0] ?? message;
  return line.replace(/ at line \d+, column \d+:?$/, "");
}
