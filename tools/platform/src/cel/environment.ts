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
import { kubernetesListFunctions } from "./kubernetes-lists.ts";
import { kubernetesQuantityFunctions } from "./kubernetes-quantity.ts";
import { kubernetesRegexFunctions } from "./kubernetes-regex.ts";
import { kubernetesSetFunctions } from "./kubernetes-sets.ts";

type Expr = ReturnType<typeof parse>["expr"];

/**
 * The CEL environment of Kubernetes admission expressions, as far as it runs offline: the
 * standard library, the strings and sets extensions, and the Kubernetes list, regex and quantity
 * libraries. What is missing (authorizer, url, ip, cidr, semver, math, optionals) is
 * reported by name when an expression uses it, never evaluated to a guess.
 */
const environment = celEnv({
  funcs: [
    ...strings,
    ...kubernetesListFunctions,
    ...kubernetesRegexFunctions,
    ...kubernetesQuantityFunctions,
    ...kubernetesSetFunctions,
  ],
});

/** CEL libraries whose functions are called by a qualified name, such as sets.contains(a, b). */
const LIBRARY_NAMESPACES = new Set(["base64", "lists", "math", "optional", "sets", "strings"]);

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
  /** "could not parse ..." or "uses ..., which the evaluator does not provide". */
  message: string;
  /** What the expression needs and this environment lacks: "function quantity", "variable x". */
  missing: string[];
}

/** Parses an expression and checks that every function and variable it names exists here. */
export function compileExpression(
  text: string,
  variables: readonly string[],
): CompiledExpression | CompileFailure {
  let root: Expr;
  try {
    root = parse(text).expr;
  } catch (error) {
    // Kubernetes enables CEL optionals (`.?field`, `[?key]`); this parser does not know them.
    if (/\.\?[A-Za-z_]|\[\?/.test(text)) {
      const part = "optional field access (.? or [?])";
      return {
        ok: false,
        message: `uses ${part}, which the offline evaluator does not provide`,
        missing: [part],
      };
    }
    const cause = error instanceof Error ? error.message : String(error);
    return { ok: false, message: `could not parse: ${cause}`, missing: [] };
  }

  const names = collectNames(root);
  const missingFunctions = [...names.functions]
    .filter((name) => !providedFunctions.has(name))
    .sort();
  const missingVariables = [...names.identifiers]
    .filter((name) => !variables.includes(name))
    .sort();
  if (missingFunctions.length > 0 || missingVariables.length > 0) {
    const parts = [
      ...missingFunctions.map((name) => `function ${name}`),
      ...missingVariables.map((name) => `variable ${name}`),
    ];
    return {
      ok: false,
      message: `uses ${parts.join(", ")}, which the offline evaluator does not provide`,
      missing: parts,
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

interface Names {
  functions: Set<string>;
  identifiers: Set<string>;
}

function collectNames(root: Expr): Names {
  const names: Names = { functions: new Set(), identifiers: new Set() };
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
