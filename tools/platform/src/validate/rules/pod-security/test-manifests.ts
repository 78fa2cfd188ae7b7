/**
 * Manifests for the rules' tests, written as YAML text or object literals, with real source
 * positions: locate() finds the deepest written node along a path, as the loader's does.
 */

import { isMap, isScalar, isSeq, LineCounter, type Node, parseAllDocuments, stringify } from "yaml";
import type { FieldPath, K8sObject, Manifest, SourceRef } from "../../model.ts";

/** The node to point at for `path`: a map entry's key, a list item, or the nearest ancestor. */
function nodeAt(root: Node | null, path: FieldPath): Node | null {
  let node = root;
  let found = root;
  for (const key of path) {
    let next: Node | null = null;
    let mark: Node | null = null;
    if (isMap(node)) {
      const pair = node.items.find((item) => isScalar(item.key) && item.key.value === key);
      next = (pair?.value as Node | null | undefined) ?? null;
      mark = pair === undefined ? null : (pair.key as Node);
    } else if (isSeq(node) && typeof key === "number") {
      next = (node.items[key] as Node | undefined) ?? null;
      mark = next;
    }
    if (mark === null) {
      break;
    }
    found = mark;
    node = next;
  }
  return found;
}

/** Every document of `text` as a Manifest of `file`. */
export function manifestsFromYaml(text: string, file = "test.yaml"): Manifest[] {
  const lineCounter = new LineCounter();
  const documents = parseAllDocuments(text, { lineCounter });
  if (!Array.isArray(documents)) {
    return [];
  }

  return documents.flatMap((document) => {
    const object = document.toJS() as K8sObject | null;
    if (object === null) {
      return [];
    }
    const position = (node: Node | null): SourceRef => {
      const offset = node?.range?.[0] ?? 0;
      const { line, col } = lineCounter.linePos(offset);
      return { file, line, column: col };
    };
    return [
      {
        object,
        source: position(document.contents),
        locate: (path: FieldPath) => position(nodeAt(document.contents, path)),
      },
    ];
  });
}

/** One object literal as a Manifest, positioned as if written alone in `file`. */
export function manifestOf(object: object, file = "test.yaml"): Manifest {
  const [manifest] = manifestsFromYaml(stringify(object), file);
  if (manifest === undefined) {
    throw new Error("manifestOf: the object did not serialise to a YAML document");
  }
  return manifest;
}
