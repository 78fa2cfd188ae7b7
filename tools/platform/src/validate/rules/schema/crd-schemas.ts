import { isRecord } from "../../../manifests/objects.ts";
import type { FieldPath, Manifest } from "../../model.ts";
import { formatFieldPath } from "./field-path.ts";

/** The OpenAPI v3 subset a CRD's structural schema uses. */
export interface StructuralSchema {
  type?: string;
  properties?: Record<string, StructuralSchema>;
  additionalProperties?: boolean | StructuralSchema;
  items?: StructuralSchema;
  required?: string[];
  enum?: unknown[];
  nullable?: boolean;
  "x-kubernetes-preserve-unknown-fields"?: boolean;
  "x-kubernetes-int-or-string"?: boolean;
}

export interface SchemaProblem {
  path: FieldPath;
  message: string;
}

/** Schemas of the CustomResourceDefinitions written in the repository, by apiVersion/kind. */
export function crdSchemas(manifests: readonly Manifest[]): Map<string, StructuralSchema | null> {
  const schemas = new Map<string, StructuralSchema | null>();
  for (const { object } of manifests) {
    if (object.kind !== "CustomResourceDefinition" || !isRecord(object.spec)) {
      continue;
    }
    const { group, names, versions } = object.spec;
    if (typeof group !== "string" || !isRecord(names) || !Array.isArray(versions)) {
      continue;
    }
    for (const version of versions) {
      if (!isRecord(version) || typeof version.name !== "string") {
        continue;
      }
      const schema = isRecord(version.schema) ? version.schema.openAPIV3Schema : undefined;
      schemas.set(
        `${group}/${version.name}/${String(names.kind)}`,
        isRecord(schema) ? (schema as StructuralSchema) : null,
      );
    }
  }
  return schemas;
}

/** Fields the API server fills in on every object; a CRD's schema need not declare them. */
const OBJECT_FIELDS = new Set(["apiVersion", "kind", "metadata"]);

/**
 * Checks a value against a structural schema the way the API server does for custom resources:
 * types, required fields, enums, and unknown fields (pruned or rejected unless
 * x-kubernetes-preserve-unknown-fields).
 */
export function checkStructural(
  value: unknown,
  schema: StructuralSchema,
  path: FieldPath = [],
): SchemaProblem[] {
  const problems: SchemaProblem[] = [];
  if (value === null) {
    return schema.nullable === true || schema.type === undefined
      ? problems
      : [{ path, message: `${at(path)}: expected ${schema.type}, found null` }];
  }
  if (schema["x-kubernetes-int-or-string"] === true) {
    return typeof value === "string" || Number.isInteger(value)
      ? problems
      : [
          {
            path,
            message: `${at(path)}: expected an integer or a string, found ${describe(value)}`,
          },
        ];
  }
  if (schema.type !== undefined && !hasType(value, schema.type)) {
    return [{ path, message: `${at(path)}: expected ${schema.type}, found ${describe(value)}` }];
  }
  if (schema.enum !== undefined && !schema.enum.some((allowed) => allowed === value)) {
    const allowed = schema.enum.map((entry) => JSON.stringify(entry)).join(", ");
    problems.push({
      path,
      message: `${at(path)}: expected one of ${allowed}, found ${describe(value)}`,
    });
  }

  if (Array.isArray(value) && schema.items !== undefined) {
    const items = schema.items;
    for (const [index, item] of value.entries()) {
      problems.push(...checkStructural(item, items, [...path, index]));
    }
  } else if (isRecord(value)) {
    problems.push(...checkObject(value, schema, path));
  }
  return problems;
}

function checkObject(
  value: Record<string, unknown>,
  schema: StructuralSchema,
  path: FieldPath,
): SchemaProblem[] {
  const problems: SchemaProblem[] = [];
  for (const field of schema.required ?? []) {
    if (value[field] === undefined) {
      const at = formatFieldPath([...path, field]);
      problems.push({ path: [...path, field], message: `expected field ${at}, found none` });
    }
  }
  const properties = schema.properties;
  const additional = schema.additionalProperties;
  for (const [field, child] of Object.entries(value)) {
    const declared = properties?.[field];
    if (declared !== undefined) {
      problems.push(...checkStructural(child, declared, [...path, field]));
    } else if (typeof additional === "object") {
      problems.push(...checkStructural(child, additional, [...path, field]));
    } else if (
      properties !== undefined &&
      additional !== true &&
      schema["x-kubernetes-preserve-unknown-fields"] !== true &&
      !(path.length === 0 && OBJECT_FIELDS.has(field))
    ) {
      const at = formatFieldPath([...path, field]);
      problems.push({
        path: [...path, field],
        message: `unknown field ${at} (not in the CRD's schema)`,
      });
    }
  }
  return problems;
}

function hasType(value: unknown, type: string): boolean {
  switch (type) {
    case "object":
      return isRecord(value);
    case "array":
      return Array.isArray(value);
    case "string":
      return typeof value === "string";
    case "integer":
      return Number.isInteger(value);
    case "number":
      return typeof value === "number";
    case "boolean":
      return typeof value === "boolean";
    default:
      return true;
  }
}

export function describe(value: unknown): string {
  if (Array.isArray(value)) {
    return "a list";
  }
  if (isRecord(value)) {
    return "a mapping";
  }
  // `spec:` with nothing after it reads as null, and typeof null is "object".
  if (value === null) {
    return "null (the key has no value)";
  }
  return `${typeof value} ${JSON.stringify(value)}`;
}

function at(path: FieldPath): string {
  return path.length === 0 ? "the object" : formatFieldPath(path);
}
