import type { FieldPath } from "../../model.ts";

/** `spec.template.spec.containers[0].image`, the way kubectl explain names fields. */
export function formatFieldPath(path: FieldPath): string {
  return path
    .map((segment, index) => {
      if (typeof segment === "number") {
        return `[${segment}]`;
      }
      const plain = /^[A-Za-z_$][\w$-]*$/.test(segment);
      if (!plain) {
        return `[${JSON.stringify(segment)}]`;
      }
      return index === 0 ? segment : `.${segment}`;
    })
    .join("");
}

/** A JSON pointer (Ajv's instancePath) as a field path; list indices become numbers. */
export function fromJsonPointer(pointer: string, value: unknown): FieldPath {
  const path: (string | number)[] = [];
  let current = value;
  for (const raw of pointer.split("/").slice(1)) {
    const segment = raw.replaceAll("~1", "/").replaceAll("~0", "~");
    if (Array.isArray(current)) {
      const index = Number(segment);
      path.push(index);
      current = current[index];
    } else {
      path.push(segment);
      current =
        typeof current === "object" && current !== null
          ? (current as Record<string, unknown>)[segment]
          : undefined;
    }
  }
  return path;
}
