import { readFileSync } from "node:fs";
import { relative } from "node:path";
import { isMap, isSeq, LineCounter, type Node, parseAllDocuments } from "yaml";
import type { FieldPath, K8sObject, Manifest, SourceRef } from "../../model.ts";

/** Test input: the Manifests of a YAML file, each locating its fields in that file. */
export function manifestsFromFile(file: string, root: string): Manifest[] {
  return manifestsFromYaml(readFileSync(file, "utf8"), relative(root, file));
}

export function manifestsFromYaml(text: string, file: string): Manifest[] {
  const lines = new LineCounter();
  const documents = parseAllDocuments(text, { lineCounter: lines });
  const at = (offset: number): SourceRef => {
    const { line, col } = lines.linePos(offset);
    return { file, line, column: col };
  };

  return documents.flatMap((document) => {
    const object = document.toJS() as K8sObject | null;
    if (object === null || document.contents === null) {
      return [];
    }
    const contents = document.contents;
    const locate = (path: FieldPath): SourceRef => {
      let node: Node = contents;
      for (const key of path) {
        const child = isMap(node) || isSeq(node) ? node.get(key, true) : undefined;
        if (!child || typeof child !== "object") {
          break;
        }
        node = child as Node;
      }
      return at(node.range?.[0] ?? 0);
    };
    return [{ object, source: at(contents.range?.[0] ?? 0), locate }];
  });
}
