import type { FieldPath } from "../validate/model.ts";
import { isRecord } from "./objects.ts";

/** One source of an Argo CD Application, with where it stands in the manifest. */
export interface ApplicationSource {
  source: Record<string, unknown>;
  at: FieldPath;
}

/**
 * The sources of an Application's spec: `source`, then each of `sources` (multi-source
 * Applications). Entries that are not objects are left to the schema rule.
 */
export function applicationSources(spec: Record<string, unknown>): ApplicationSource[] {
  const sources: ApplicationSource[] = [];
  if (isRecord(spec.source)) {
    sources.push({ source: spec.source, at: ["spec", "source"] });
  }
  if (Array.isArray(spec.sources)) {
    spec.sources.forEach((source, index) => {
      if (isRecord(source)) {
        sources.push({ source, at: ["spec", "sources", index] });
      }
    });
  }
  return sources;
}
