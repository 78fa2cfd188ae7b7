/**
 * Manifests for the rules' tests, written as YAML text, files or object literals, positioned by
 * the loader's own parser: locate() gives what `platform validate` would report for the path.
 */

import { readFileSync } from "node:fs";
import { relative } from "node:path";
import { stringify } from "yaml";
import { parseYaml } from "../../manifests/index.ts";
import type { K8sObject, Manifest } from "../model.ts";

/** Every document of `text` as a Manifest of `file`; a test's YAML must parse cleanly. */
export function manifestsFromYaml(text: string, file = "test.yaml"): Manifest[] {
  const parsed = parseYaml(text, file);
  const [problem] = parsed.findings;
  if (problem !== undefined) {
    throw new Error(`${file}:${problem.source.line}: ${problem.message}`);
  }

  return parsed.documents.flatMap((document) => {
    if (document.value === null || typeof document.value !== "object") {
      return [];
    }
    const object = document.value as K8sObject;
    return [{ object, source: document.source, locate: (path) => document.locate(path) }];
  });
}

/** The Manifests of a YAML file, named by its path relative to `root`. */
export function manifestsFromFile(file: string, root: string): Manifest[] {
  return manifestsFromYaml(readFileSync(file, "utf8"), relative(root, file));
}

/** One object literal as a Manifest, positioned as if written alone in `file`. */
export function manifestOf(object: object, file = "test.yaml"): Manifest {
  const [manifest] = manifestsFromYaml(stringify(object), file);
  if (manifest === undefined) {
    throw new Error("manifestOf: the object did not serialise to a YAML document");
  }
  return manifest;
}
