import type { Manifest } from "../validate/model.ts";
import type { YamlDocument } from "./yaml-documents.ts";

/**
 * The YAML document each manifest was read from, for readers that need more than locate()
 * (Helm values written as a block scalar inside an Application).
 */
const documents = new WeakMap<Manifest, YamlDocument>();

export function rememberDocument(manifest: Manifest, document: YamlDocument): Manifest {
  documents.set(manifest, document);
  return manifest;
}

export function documentOf(manifest: Manifest): YamlDocument | undefined {
  return documents.get(manifest);
}
