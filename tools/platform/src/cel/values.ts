import type { CelInput } from "@bufbuild/cel";

/**
 * Turns a value read from YAML or JSON into a CEL input. Whole numbers become CEL ints (bigint):
 * Kubernetes decodes JSON integers as int64, so `object.spec.replicas` is an int, not a double.
 */
export function toCelInput(value: unknown): CelInput {
  if (value === null || value === undefined) {
    return null;
  }
  if (typeof value === "number") {
    return Number.isInteger(value) ? BigInt(value) : value;
  }
  if (typeof value === "string" || typeof value === "boolean" || typeof value === "bigint") {
    return value;
  }
  if (Array.isArray(value)) {
    return value.map(toCelInput);
  }
  if (typeof value === "object") {
    const entries = new Map<string, CelInput>();
    for (const [key, field] of Object.entries(value)) {
      // Kubernetes drops null fields when it decodes an object; has() must not see them.
      if (field !== null && field !== undefined) {
        entries.set(key, toCelInput(field));
      }
    }
    return entries;
  }
  return String(value);
}
