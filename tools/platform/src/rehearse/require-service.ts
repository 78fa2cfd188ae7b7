import type { FieldReader } from "./field-reader.ts";
import type { RenderedObject } from "./read-analysis.ts";

/** A Service the strategy names must be in the rendered overlay, or nothing would route to it. */
export function requireService(
  reader: FieldReader,
  key: string,
  name: string,
  objects: readonly RenderedObject[],
  namespace: string,
): void {
  const found = objects.some(
    (o) =>
      o.object.kind === "Service" &&
      o.object.metadata.name === name &&
      (o.object.metadata.namespace ?? namespace) === namespace,
  );
  if (!found) {
    throw reader.error(key, `names Service ${name}, which the overlay does not render`);
  }
}
