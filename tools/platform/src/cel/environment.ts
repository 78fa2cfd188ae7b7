import {
  type CelInput,
  type CelResult,
  type CelValue,
  celEnv,
  celError,
  isCelError,
  parse,
  plan,
} from "@bufbuild/cel";
import { strings } from "@bufbuild/cel/ext";
import { KUBERNETES_FUNCTIONS, LIBRARY_METHODS } from "./kubernetes-functions.ts";
import { kubernetesCidrFunctions, kubernetesIpFunctions } from "./kubernetes-ip.ts";
import { kubernetesListFunctions } from "./kubernetes-lists.ts";
import { kubernetesOptionalFunctions } from "./kubernetes-optionals.ts";
import { kubernetesQuantityFunctions } from "./kubernetes-quantity.ts";
import { kubernetesRegexFunctions } from "./kubernetes-regex.ts";
import { kubernetesSemverFunctions } from "./kubernetes-semver.ts";
import { kubernetesSetFunctions } from "./kubernetes-sets.ts";
import { kubernetesUrlFunctions } from "./kubernetes-url.ts";
import { rewriteOptionalSyntax } from "./optional-syntax.ts";

type Expr = ReturnType<typeof parse>["expr"];

/**
 * The CEL environment of Kubernetes admission expressions, as far as it runs offline: the
 * standard library, the strings and sets extensions, and the Kubernetes list, regex, quantity,
 * URL, IP, CIDR and semver libraries, and optional values. What is missing (authorizer, math) is
 * reported by name when an expression uses it, never evaluated to a guess.
 */
const environment = celEnv({
  funcs: [
    ...strings,
    ...kubernetesListFunctions,
    ...kubernetesRegexFunctions,
    ...kubernetesQuantityFunctions,
    ...kubernetesSetFunctions,
    ...kubernetesUrlFunctions,
    ...kubernetesIpFunctions,
    ...kubernetesCidrFunctions,
    ...kubernetesOptionalFunctions,
    ...kubernetesSemverFunctions,
  ],
});

/** CEL libraries whose functions are called by a qualified name, such as sets.contains(a, b). */
const LIBRARY_NAMESPACES = new Set([
  "base64",
  "cel",
  "format",
  "ip",
  "jsonpatch",
  "lists",
  "math",
  "optional",
  "sets",
  "strings",
]);

/** Identifiers CEL declares itself: type values, and `google` as in google.protobuf.Duration. */
const TYPE_IDENTIFIERS = new Set([
  "bool",
  "bytes",
  "double",
  "google",
  "int",
  "list",
  "map",
  "null_type",
  "string",
  "type",
  "uint",
]);

/** Macros that take a second iteration variable in Kubernetes (two-variable comprehensions). */
const TWO_VARIABLE_MACROS = new Set([
  "all",
  "exists",
  "existsOne",
  "exists_one",
  "transformList",
  "transformMap",
  "transformMapEntry",
]);

/** Operators the evaluator plans itself instead of looking them up as functions. */
const PLANNED_OPERATORS = ["_&&_", "_||_", "_?_:_", "_[_]", "@not_strictly_false", "@in"];

const providedFunctions = new Set([
  ...[...environment.funcs].map((func) => func.name),
  ...PLANNED_OPERATORS,
]);

export interface CompiledExpression {
  ok: true;
  evaluate(bindings: Readonly<Record<string, CelInput>>): CelResult;
}

export interface CompileFailure {
  ok: false;
  /** "could not parse ...", "uses ..., which the evaluator does not provide" or "calls ...". */
  message: string;
  /** What the expression needs and this environment lacks: "function quantity", "variable x". */
  missing: string[];
  /** Names Kubernetes does not declare either, so the API server refuses the expression. */
  unknown: string[];
}

/**
 * Parses an expression and checks that every function and variable it names exists here.
 * `variables` are bound offline; `unavailable` are the ones Kubernetes declares and this
 * evaluator cannot bind (such as authorizer). Any other name is unknown to Kubernetes too.
 */
export function compileExpression(
  text: string,
  variables: readonly string[],
  unavailable: readonly string[] = [],
): CompiledExpression | CompileFailure {
  let root: Expr;
  try {
    root = parse(rewriteOptionalSyntax(text) ?? text).expr;
  } catch (error) {
    // Optional list and map entries ([?x], {?k: v}) are not rewritten and do not parse.
    if (/\[\s*\?|\{\s*\?|,\s*\?/.test(text)) {
      const part = "optional list or map entries ([?x] or {?k: v})";
      return {
        ok: false,
        message: `uses ${part}, which the offline evaluator does not provide`,
        missing: [part],
        unknown: [],
      };
    }
    const cause = error instanceof Error ? error.message : String(error);
    return { ok: false, message: `could not parse: ${cause}`, missing: [], unknown: [] };
  }

  const names = collectNames(root);
  const absentVariables = [...names.identifiers].filter(
    (name) => !variables.includes(name) && !TYPE_IDENTIFIERS.has(name),
  );
  const absentFunctions = withoutMethodsOfAbsent(
    [...names.functions].filter((name) => !providedFunctions.has(name)),
    [...absentVariables, ...names.functions],
  );
  const unknown = [
    ...absentFunctions.filter((name) => !knownToKubernetes(name)).map((n) => `function ${n}`),
    ...absentVariables.filter((name) => !unavailable.includes(name)).map((n) => `variable ${n}`),
  ].sort();
  if (unknown.length > 0) {
    return {
      ok: false,
      message:
        `uses ${unknown.join(", ")}, which neither CEL nor Kubernetes declares: ` +
        "the API server refuses the expression",
      missing: [],
      unknown,
    };
  }

  const missing = [
    ...absentFunctions.map((name) => `function ${name}`).sort(),
    ...absentVariables.map((name) => `variable ${name}`).sort(),
    ...[...names.twoVariableMacros].map((name) => `two-variable comprehension ${name}()`),
  ];
  if (missing.length > 0) {
    return {
      ok: false,
      message: `uses ${missing.join(", ")}, which the offline evaluator does not provide`,
      missing,
      unknown: [],
    };
  }

  const program = plan(environment, root);
  return {
    ok: true,
    evaluate: (bindings) => {
      try {
        return program({ ...bindings });
      } catch (error) {
        return celError(error);
      }
    },
  };
}

/** Writes a CEL result for a message: strings as they are, errors by their message. */
export function describeResult(result: CelResult): string {
  if (isCelError(result)) {
    return `error: ${result.message}`;
  }
  return typeof result === "string" ? result : String(result as CelValue);
}

/** Drops the methods of a library whose entry point (url(), authorizer) is absent itself. */
function withoutMethodsOfAbsent(functions: string[], absent: readonly string[]): string[] {
  const implied = new Set(
    absent
      .filter((name) => !providedFunctions.has(name))
      .flatMap((name) => LIBRARY_METHODS.get(name) ?? []),
  );
  return functions.filter((name) => !implied.has(name));
}

function knownToKubernetes(name: string): boolean {
  const dot = name.indexOf(".");
  return KUBERNETES_FUNCTIONS.has(name) || LIBRARY_NAMESPACES.has(name.slice(0, dot));
}

interface Names {
  functions: Set<string>;
  identifiers: Set<string>;
  /** Calls like list.all(i, v, ...), which this parser leaves unexpanded. */
  twoVariableMacros: Set<string>;
}

function collectNames(root: Expr): Names {
  const names: Names = {
    functions: new Set(),
    identifiers: new Set(),
    twoVariableMacros: new Set(),
  };
  visit(root, new Set(), names);
  return names;
}

function visit(expr: Expr | undefined, bound: ReadonlySet<string>, names: Names): void {
  if (expr === undefined) {
    return;
  }
  const kind = expr.exprKind;
  switch (kind.case) {
    case "identExpr":
      if (!bound.has(kind.value.name)) {
        names.identifiers.add(kind.value.name);
      }
      return;
    case "selectExpr":
      visit(kind.value.operand, bound, names);
      return;
    case "callExpr": {
      const target = kind.value.target?.exprKind;
      const namespace = target?.case === "identExpr" ? target.value.name : undefined;
      const iterators = kind.value.args.slice(0, 2).map((arg) => arg.exprKind);
      if (
        kind.value.target !== undefined &&
        TWO_VARIABLE_MACROS.has(kind.value.function) &&
        kind.value.args.length >= 3 &&
        iterators.every((arg) => arg.case === "identExpr")
      ) {
        names.twoVariableMacros.add(kind.value.function);
        visit(kind.value.target, bound, names);
        const inner = new Set([
          ...bound,
          ...iterators.map((arg) => (arg.case === "identExpr" ? arg.value.name : "")),
        ]);
        for (const arg of kind.value.args.slice(2)) {
          visit(arg, inner, names);
        }
        return;
      }
      const [first, init, body] = kind.value.args;
      if (
        namespace === "cel" &&
        kind.value.function === "bind" &&
        first?.exprKind.case === "identExpr"
      ) {
        names.functions.add("cel.bind");
        visit(init, bound, names);
        visit(body, new Set([...bound, first.exprKind.value.name]), names);
        return;
      }
      if (namespace !== undefined && LIBRARY_NAMESPACES.has(namespace) && !bound.has(namespace)) {
        names.functions.add(`${namespace}.${kind.value.function}`);
      } else {
        names.functions.add(kind.value.function);
        visit(kind.value.target, bound, names);
      }
      for (const arg of kind.value.args) {
        visit(arg, bound, names);
      }
      return;
    }
    case "listExpr":
      for (const element of kind.value.elements) {
        visit(element, bound, names);
      }
      return;
    case "structExpr":
      for (const entry of kind.value.entries) {
        if (entry.keyKind.case === "mapKey") {
          visit(entry.keyKind.value, bound, names);
        }
        visit(entry.value, bound, names);
      }
      return;
    case "comprehensionExpr": {
      const loop = kind.value;
      visit(loop.iterRange, bound, names);
      visit(loop.accuInit, bound, names);
      const inner = new Set([...bound, loop.iterVar, loop.iterVar2, loop.accuVar]);
      visit(loop.loopCondition, inner, names);
      visit(loop.loopStep, inner, names);
      visit(loop.result, inner, names);
      return;
    }
    default:
      return;
  }
}
