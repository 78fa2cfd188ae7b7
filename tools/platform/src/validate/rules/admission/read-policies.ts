import type { LabelSelector } from "../../../kubernetes/label-selector.ts";
import type { FieldPath, Manifest } from "../../model.ts";
import { formatPath } from "../shared/format-path.ts";
import type {
  Binding,
  MatchResources,
  NamedExpression,
  ParamRef,
  Policy,
  ResourceRule,
  Validation,
  ValidationAction,
} from "./policy-model.ts";

/** A mistake in a policy or binding, at the field it is about. */
export interface Problem {
  path: FieldPath;
  message: string;
}

export interface Read<T> {
  value?: T;
  problems: Problem[];
}

/** Reads fields with their paths, collecting every "expected X, found Y" on the way. */
class FieldReader {
  readonly problems: Problem[] = [];
  readonly root: unknown;

  constructor(root: unknown) {
    this.root = root;
  }

  at(path: FieldPath): unknown {
    let value: unknown = this.root;
    for (const key of path) {
      if (value === null || typeof value !== "object") {
        return undefined;
      }
      value = (value as Record<string | number, unknown>)[key];
    }
    return value ?? undefined;
  }

  string(path: FieldPath, required = false): string | undefined {
    const value = this.at(path);
    if (value === undefined) {
      if (required) {
        this.problem(path, "a string", "nothing");
      }
      return undefined;
    }
    if (typeof value !== "string") {
      this.problem(path, "a string", JSON.stringify(value));
      return undefined;
    }
    return value;
  }

  /** A required CEL expression: a string with more than white space. */
  expression(path: FieldPath): string {
    const value = this.string(path, true);
    if (value !== undefined && value.trim() === "") {
      this.problem(path, "a CEL expression", "an empty one");
      return "";
    }
    return value ?? "";
  }

  list(path: FieldPath, required = false): unknown[] {
    const value = this.at(path);
    if (value === undefined) {
      if (required) {
        this.problem(path, "a list", "nothing");
      }
      return [];
    }
    if (!Array.isArray(value)) {
      this.problem(path, "a list", JSON.stringify(value));
      return [];
    }
    return value;
  }

  strings(path: FieldPath, required = false): string[] {
    return this.list(path, required).flatMap((item, index) => {
      if (typeof item === "string") {
        return [item];
      }
      this.problem([...path, index], "a string", item);
      return [];
    });
  }

  oneOf<T extends string>(path: FieldPath, allowed: readonly T[], fallback: T): T {
    const value = this.string(path);
    if (value === undefined) {
      return fallback;
    }
    if (!(allowed as readonly string[]).includes(value)) {
      this.problem(path, `one of ${allowed.join(", ")}`, value);
      return fallback;
    }
    return value as T;
  }

  problem(path: FieldPath, expected: string, found: unknown): void {
    const shown = typeof found === "string" ? found : JSON.stringify(found);
    this.problems.push({
      path,
      message: `expected ${expected} at ${formatPath(path)}, found ${shown}`,
    });
  }
}

export function readPolicy(manifest: Manifest): Read<Policy> {
  const fields = new FieldReader(manifest.object);
  const name = manifest.object.metadata.name ?? "";

  const paramKind = fields.at(["spec", "paramKind"]);
  const policy: Policy = {
    name,
    manifest,
    failurePolicy: fields.oneOf(["spec", "failurePolicy"], ["Fail", "Ignore"], "Fail"),
    paramKind:
      paramKind === undefined
        ? undefined
        : {
            apiVersion: fields.string(["spec", "paramKind", "apiVersion"], true) ?? "",
            kind: fields.string(["spec", "paramKind", "kind"], true) ?? "",
          },
    matchConstraints: readMatchResources(fields, ["spec", "matchConstraints"], true),
    matchConditions: readNamed(fields, ["spec", "matchConditions"], false),
    variables: readNamed(fields, ["spec", "variables"], true),
    validations: fields.list(["spec", "validations"]).map((_, i) => {
      const path = ["spec", "validations", i];
      return {
        path,
        expression: fields.expression([...path, "expression"]),
        message: fields.string([...path, "message"]),
        messageExpression: fields.string([...path, "messageExpression"]),
        reason: fields.string([...path, "reason"]),
      } satisfies Validation;
    }),
  };

  if (policy.validations.length === 0 && fields.list(["spec", "auditAnnotations"]).length === 0) {
    fields.problem(["spec", "validations"], "at least one validation or auditAnnotation", "none");
  }
  for (const validation of policy.validations) {
    if (validation.message?.includes("\n")) {
      fields.problem([...validation.path, "message"], "a message without line breaks", "one");
    }
  }
  return { value: policy, problems: fields.problems };
}

export function readBinding(manifest: Manifest): Read<Binding> {
  const fields = new FieldReader(manifest.object);

  const actions = fields.strings(["spec", "validationActions"], true);
  const validationActions: ValidationAction[] = [];
  actions.forEach((action, i) => {
    if (action === "Deny" || action === "Warn" || action === "Audit") {
      validationActions.push(action);
    } else {
      fields.problem(["spec", "validationActions", i], "Deny, Warn or Audit", action);
    }
  });
  if (actions.length === 0 && fields.at(["spec", "validationActions"]) !== undefined) {
    fields.problem(["spec", "validationActions"], "at least one of Deny, Warn or Audit", "none");
  }
  if (validationActions.includes("Deny") && validationActions.includes("Warn")) {
    // The API server rejects this pair: a denied request has no warnings to show.
    fields.problem(["spec", "validationActions"], "Deny or Warn, not both", actions.join(", "));
  }

  const binding: Binding = {
    name: manifest.object.metadata.name ?? "",
    manifest,
    policyName: fields.string(["spec", "policyName"], true) ?? "",
    validationActions,
    paramRef: readParamRef(fields),
    matchResources:
      fields.at(["spec", "matchResources"]) === undefined
        ? undefined
        : readMatchResources(fields, ["spec", "matchResources"], false),
  };
  return { value: binding, problems: fields.problems };
}

function readParamRef(fields: FieldReader): ParamRef | undefined {
  const path = ["spec", "paramRef"];
  if (fields.at(path) === undefined) {
    return undefined;
  }
  const ref: ParamRef = {
    name: fields.string([...path, "name"]),
    namespace: fields.string([...path, "namespace"]),
    selector: fields.at([...path, "selector"]) as LabelSelector | undefined,
    // The field is required by the API; an unset value is taken as its safe reading, Deny.
    parameterNotFoundAction: fields.oneOf(
      [...path, "parameterNotFoundAction"],
      ["Allow", "Deny"],
      "Deny",
    ),
  };
  if ((ref.name === undefined) === (ref.selector === undefined)) {
    fields.problem(path, "exactly one of name or selector", "both or neither");
  }
  return ref;
}

function readMatchResources(
  fields: FieldReader,
  path: FieldPath,
  rulesRequired: boolean,
): MatchResources {
  return {
    namespaceSelector: fields.at([...path, "namespaceSelector"]) as LabelSelector | undefined,
    objectSelector: fields.at([...path, "objectSelector"]) as LabelSelector | undefined,
    resourceRules: readRules(fields, [...path, "resourceRules"], rulesRequired),
    excludeResourceRules: readRules(fields, [...path, "excludeResourceRules"], false),
    matchPolicy: fields.oneOf([...path, "matchPolicy"], ["Exact", "Equivalent"], "Equivalent"),
  };
}

function readRules(fields: FieldReader, path: FieldPath, required: boolean): ResourceRule[] {
  return fields.list(path, required).map((_, i) => {
    const rule = [...path, i];
    return {
      apiGroups: fields.strings([...rule, "apiGroups"], true),
      apiVersions: fields.strings([...rule, "apiVersions"], true),
      resources: fields.strings([...rule, "resources"], true),
      operations: fields.strings([...rule, "operations"], true),
      resourceNames: fields.strings([...rule, "resourceNames"]),
      scope: fields.oneOf([...rule, "scope"], ["Cluster", "Namespaced", "*"], "*"),
    };
  });
}

/** Variables are read as variables.<name>, so the API server wants CEL identifiers there. */
function readNamed(fields: FieldReader, path: FieldPath, identifiers: boolean): NamedExpression[] {
  return fields.list(path).map((_, i) => {
    const name = fields.string([...path, i, "name"], true) ?? "";
    if (identifiers && name !== "" && !/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
      fields.problem([...path, i, "name"], "a CEL identifier", name);
    }
    return { path: [...path, i], name, expression: fields.expression([...path, i, "expression"]) };
  });
}
