import type { FieldPath, Manifest, ObjectRef } from "../validate/model.ts";

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The value at a field path, or undefined when any step of it is missing. */
export function valueAt(value: unknown, fieldPath: FieldPath): unknown {
  let current = value;
  for (const segment of fieldPath) {
    if (Array.isArray(current) && typeof segment === "number") {
      current = current[segment];
    } else if (isRecord(current) && typeof segment === "string") {
      current = current[segment];
    } else {
      return undefined;
    }
  }
  return current;
}

/** How findings name an object: kind, namespace when it has one, name. */
export function objectRef(manifest: Manifest): ObjectRef {
  const { kind, metadata } = manifest.object;
  return {
    kind,
    name: metadata.name ?? "",
    ...(metadata.namespace === undefined ? {} : { namespace: metadata.namespace }),
  };
}
