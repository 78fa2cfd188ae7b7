import { isMap, isScalar, isSeq, type LineCounter, type Node } from "yaml";
import type { FieldPath, SourceRef } from "../validate/model.ts";

/**
 * Finds where a field was written in a parsed YAML node: the key of a mapping entry, or the
 * item of a sequence. Stops at the deepest part of the path that exists, so a field that was
 * never written points at its nearest written ancestor.
 */
export function locateField(
  root: Node,
  path: FieldPath,
  lineCounter: LineCounter,
  file: string,
): SourceRef {
  let node: unknown = root;
  let offset = root.range?.[0] ?? 0;

  for (const segment of path) {
    if (isMap(node)) {
      const pair = node.items.find((item) => isScalar(item.key) && item.key.value === segment);
      if (pair === undefined) {
        break;
      }
      offset = (pair.key as Node).range?.[0] ?? offset;
      node = pair.value;
    } else if (isSeq(node) && typeof segment === "number") {
      const item = node.items[segment] as Node | undefined;
      if (item === undefined) {
        break;
      }
      offset = item.range?.[0] ?? offset;
      node = item;
    } else {
      break;
    }
  }

  return toSourceRef(offset, lineCounter, file);
}

/** Whether every segment of the path was written in the node. */
export function hasField(root: Node, path: FieldPath): boolean {
  let node: unknown = root;
  for (const segment of path) {
    if (isMap(node)) {
      const pair = node.items.find((item) => isScalar(item.key) && item.key.value === segment);
      if (pair === undefined) {
        return false;
      }
      node = pair.value;
    } else if (isSeq(node) && typeof segment === "number") {
      node = node.items[segment];
      if (node === undefined) {
        return false;
      }
    } else {
      return false;
    }
  }
  return true;
}

export function toSourceRef(offset: number, lineCounter: LineCounter, file: string): SourceRef {
  const { line, col } = lineCounter.linePos(offset);
  return { file, line: Math.max(line, 1), column: Math.max(col, 1) };
}
