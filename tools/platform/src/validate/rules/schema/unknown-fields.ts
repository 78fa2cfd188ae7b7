import type { FieldPath } from "../../model.ts";

/**
 * Records which fields a schema check looks at. The compiled validators read every property
 * their schema declares and enumerate the keys of free-form maps (labels, limits); a written
 * field they never read is unknown to the schema. kubectl's strict field validation (the
 * default since Kubernetes 1.27) rejects such fields, so Argo CD's sync would fail on them.
 */
export class FieldTracker {
  readonly #read = new Map<string, { keys: Set<string>; all: boolean }>();

  /** A view of `value` that records reads; give it to the validator instead of the value. */
  wrap(value: unknown): unknown {
    return this.#wrap(value, "");
  }

  /** Written fields that the schema never read, below objects whose schema names fields. */
  unknownFields(value: unknown): FieldPath[] {
    const unknown: FieldPath[] = [];
    const visit = (current: unknown, key: string, path: (string | number)[]) => {
      if (typeof current !== "object" || current === null) {
        return;
      }
      const read = this.#read.get(key);
      // Nothing read at all: a free-form object (x-kubernetes-preserve-unknown-fields).
      if (read === undefined || read.all) {
        return;
      }
      if (Array.isArray(current)) {
        for (const [index, item] of current.entries()) {
          visit(item, `${key}/${index}`, [...path, index]);
        }
        return;
      }
      for (const [field, child] of Object.entries(current)) {
        if (!read.keys.has(field)) {
          unknown.push([...path, field]);
        } else {
          visit(child, `${key}/${field}`, [...path, field]);
        }
      }
    };
    visit(value, "", []);
    return unknown;
  }

  #wrap(value: unknown, key: string): unknown {
    if (typeof value !== "object" || value === null) {
      return value;
    }
    const note = (field: string) => {
      let read = this.#read.get(key);
      if (read === undefined) {
        read = { keys: new Set(), all: false };
        this.#read.set(key, read);
      }
      read.keys.add(field);
    };
    return new Proxy(value, {
      get: (target, field, receiver) => {
        const result: unknown = Reflect.get(target, field, receiver);
        if (typeof field !== "string") {
          return result;
        }
        note(field);
        return this.#wrap(result, `${key}/${field}`);
      },
      has: (target, field) => {
        if (typeof field === "string") {
          note(field);
        }
        return Reflect.has(target, field);
      },
      ownKeys: (target) => {
        note("");
        const read = this.#read.get(key);
        if (read !== undefined) {
          read.all = true;
        }
        return Reflect.ownKeys(target);
      },
    });
  }
}
