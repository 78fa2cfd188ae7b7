import { UsageError } from "../cli/io.ts";
import { isRecord } from "../manifests/objects.ts";

type PathSegment = string | number;

/** Turns a field path into "file:line" when the object's source is known. */
export type Locator = (path: readonly PathSegment[]) => string | undefined;

/**
 * Reads one object of the rendered overlay field by field and remembers which fields it read,
 * so that any field the rehearsal does not know is reported by name instead of being ignored.
 * Every error names the object, the field path and what was expected.
 */
export class FieldReader {
  readonly path: readonly PathSegment[];
  private readonly value: Record<string, unknown>;
  private readonly owner: string;
  private readonly locate: Locator;
  private readonly seen = new Set<string>();

  constructor(
    value: Record<string, unknown>,
    owner: string,
    path: readonly PathSegment[],
    locate: Locator,
  ) {
    this.value = value;
    this.owner = owner;
    this.path = path;
    this.locate = locate;
  }

  /** A field whose value the caller handles itself. */
  raw(key: string): unknown {
    this.seen.add(key);
    return this.value[key];
  }

  has(key: string): boolean {
    return key in this.value;
  }

  /** A field that is accepted and has no effect on one machine. */
  ignore(...keys: string[]): void {
    for (const key of keys) {
      this.seen.add(key);
    }
  }

  string(key: string): string | undefined {
    const value = this.raw(key);
    if (value === undefined || value === null) {
      return undefined;
    }
    if (typeof value === "number") {
      return String(value);
    }
    if (typeof value !== "string") {
      throw this.error(key, `expected a string, found ${describe(value)}`);
    }
    return value;
  }

  requiredString(key: string): string {
    const value = this.string(key);
    if (value === undefined || value === "") {
      throw this.error(key, "is required");
    }
    return value;
  }

  integer(key: string): number | undefined {
    const value = this.raw(key);
    if (value === undefined || value === null) {
      return undefined;
    }
    const number = typeof value === "string" && /^-?\d+$/.test(value) ? Number(value) : value;
    if (typeof number !== "number" || !Number.isInteger(number)) {
      throw this.error(key, `expected an integer, found ${describe(value)}`);
    }
    return number;
  }

  boolean(key: string): boolean | undefined {
    const value = this.raw(key);
    if (value === undefined || value === null) {
      return undefined;
    }
    if (typeof value !== "boolean") {
      throw this.error(key, `expected true or false, found ${describe(value)}`);
    }
    return value;
  }

  object(key: string): FieldReader | undefined {
    const value = this.raw(key);
    if (value === undefined || value === null) {
      return undefined;
    }
    if (!isRecord(value)) {
      throw this.error(key, `expected an object, found ${describe(value)}`);
    }
    return new FieldReader(value, this.owner, [...this.path, key], this.locate);
  }

  /** A list of objects, each as a reader. */
  objects(key: string): FieldReader[] {
    const value = this.raw(key);
    if (value === undefined || value === null) {
      return [];
    }
    if (!Array.isArray(value)) {
      throw this.error(key, `expected a list, found ${describe(value)}`);
    }
    return value.map((item, index) => {
      if (!isRecord(item)) {
        throw this.error(`${key}[${index}]`, `expected an object, found ${describe(item)}`);
      }
      return new FieldReader(item, this.owner, [...this.path, key, index], this.locate);
    });
  }

  /** Throws for the first field that was not read, naming what is supported here. */
  done(): void {
    const unknown = Object.keys(this.value).filter((key) => !this.seen.has(key));
    const first = unknown[0];
    if (first !== undefined) {
      const supported = [...this.seen].sort().join(", ");
      throw this.error(
        first,
        `is not supported by the rehearsal (supported here: ${supported || "nothing"})`,
      );
    }
  }

  /** A configuration error naming the object and field, with its file and line when known. */
  error(key: string | undefined, message: string): UsageError {
    const segments = key === undefined ? this.path : [...this.path, key];
    const where = this.locate(
      segments.map((s) => (typeof s === "string" ? s.replace(/\[\d+\]$/, "") : s)),
    );
    const field = formatPath(segments);
    return new UsageError(`${where ? `${where}: ` : ""}${this.owner}: ${field} ${message}`);
  }
}

export function formatPath(segments: readonly PathSegment[]): string {
  return segments
    .map((segment, index) =>
      typeof segment === "number" ? `[${segment}]` : `${index === 0 ? "" : "."}${segment}`,
    )
    .join("");
}

function describe(value: unknown): string {
  if (Array.isArray(value)) {
    return "a list";
  }
  if (isRecord(value)) {
    return "an object";
  }
  return JSON.stringify(value);
}
