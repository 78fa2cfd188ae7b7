import type { ConditionNode } from "./condition-ast.ts";

/**
 * What a condition sees as `result`: a Prometheus vector is a list of floats, a scalar is one
 * float (argo-rollouts metricproviders/prometheus), and `null` stands for Go's nil.
 */
export type ConditionResult = number | readonly number[] | null;

/** A value during evaluation. */
export type ConditionValue = number | string | boolean | null | readonly ConditionValue[];

export type Evaluation = { ok: true; value: boolean } | { ok: false; message: string };

class ConditionEvaluationError extends Error {}

/**
 * Evaluates a parsed condition against a measurement's result, the way Argo Rollouts does
 * (utils/evaluate): the condition must produce a boolean, and any runtime error (an index out of
 * range on an empty vector, a comparison of mismatched types) is an error, which upstream records
 * as an Error measurement.
 */
export function evaluateCondition(ast: ConditionNode, result: ConditionResult): Evaluation {
  try {
    const value = new Evaluator(result).evaluate(ast, undefined);
    if (typeof value !== "boolean") {
      return { ok: false, message: `expected bool, but got ${typeName(value)}` };
    }
    return { ok: true, value };
  } catch (error) {
    if (error instanceof ConditionEvaluationError) {
      return { ok: false, message: error.message };
    }
    throw error;
  }
}

function fail(message: string): never {
  throw new ConditionEvaluationError(message);
}

function typeName(value: ConditionValue): string {
  if (value === null) {
    return "nil";
  }
  if (Array.isArray(value)) {
    return "array";
  }
  if (typeof value === "number") {
    return "float64";
  }
  return typeof value === "boolean" ? "bool" : "string";
}

type Builtin = (
  evaluator: Evaluator,
  args: ConditionNode[],
  element: ConditionValue | undefined,
) => ConditionValue;

class Evaluator {
  private readonly result: ConditionValue;

  constructor(result: ConditionResult) {
    this.result = result;
  }

  evaluate(node: ConditionNode, element: ConditionValue | undefined): ConditionValue {
    switch (node.kind) {
      case "number":
      case "string":
      case "bool":
        return node.value;
      case "nil":
        return null;
      case "identifier":
        if (node.name !== "result") {
          fail(`unknown name ${node.name} (only result is defined)`);
        }
        return this.result;
      case "pointer":
        if (element === undefined) {
          fail("# is only defined inside a predicate such as all(result, {# > 0})");
        }
        return element;
      case "array":
        return node.elements.map((e) => this.evaluate(e, element));
      case "unary":
        return this.unary(node.operator, this.evaluate(node.operand, element));
      case "binary":
        return this.binary(node, element);
      case "index":
        return indexInto(this.evaluate(node.target, element), this.evaluate(node.index, element));
      case "conditional":
        return this.truthy(this.evaluate(node.test, element), "?:")
          ? this.evaluate(node.then, element)
          : this.evaluate(node.otherwise, element);
      case "call":
        return this.call(node.callee, node.args, element);
      case "predicate":
        return fail(
          "a predicate {...} is only allowed as the second argument of all, any, none, one",
        );
    }
  }

  truthy(value: ConditionValue, operator: string): boolean {
    if (typeof value !== "boolean") {
      fail(`invalid operation: ${operator} on ${typeName(value)} (expected bool)`);
    }
    return value;
  }

  private unary(operator: string, value: ConditionValue): ConditionValue {
    if (operator === "not") {
      return !this.truthy(value, "!");
    }
    if (typeof value !== "number") {
      fail(`invalid operation: ${operator} on ${typeName(value)}`);
    }
    return operator === "-" ? -value : value;
  }

  private binary(
    node: Extract<ConditionNode, { kind: "binary" }>,
    element: ConditionValue | undefined,
  ): ConditionValue {
    const left = this.evaluate(node.left, element);

    // and, or and ?? short-circuit, as in expr: `len(result) > 0 && result[0] > 1` is safe.
    if (node.operator === "and") {
      return this.truthy(left, "&&") && this.truthy(this.evaluate(node.right, element), "&&");
    }
    if (node.operator === "or") {
      return this.truthy(left, "||") || this.truthy(this.evaluate(node.right, element), "||");
    }
    if (node.operator === "??") {
      return left ?? this.evaluate(node.right, element);
    }

    const right = this.evaluate(node.right, element);
    return applyBinary(node.operator, left, right);
  }

  private call(
    callee: string,
    args: ConditionNode[],
    element: ConditionValue | undefined,
  ): ConditionValue {
    const builtin = builtins[callee];
    if (builtin === undefined) {
      fail(`unknown function ${callee}()`);
    }
    return builtin(this, args, element);
  }
}

function applyBinary(
  operator: string,
  left: ConditionValue,
  right: ConditionValue,
): ConditionValue {
  if (operator === "==") {
    return equal(left, right);
  }
  if (operator === "!=") {
    return !equal(left, right);
  }
  if (operator === "in") {
    if (!Array.isArray(right)) {
      fail(`invalid operation: in on ${typeName(right)} (expected array)`);
    }
    return right.some((item) => equal(left, item));
  }
  if (operator === "+" && typeof left === "string" && typeof right === "string") {
    return left + right;
  }
  if (
    ["<", "<=", ">", ">="].includes(operator) &&
    typeof left === "string" &&
    typeof right === "string"
  ) {
    return compare(operator, left, right);
  }
  if (typeof left !== "number" || typeof right !== "number") {
    fail(`invalid operation: ${typeName(left)} ${operator} ${typeName(right)}`);
  }
  switch (operator) {
    case "+":
      return left + right;
    case "-":
      return left - right;
    case "*":
      return left * right;
    case "/":
      return left / right;
    case "%":
      if (!Number.isInteger(left) || !Number.isInteger(right)) {
        fail("invalid operation: % needs integers");
      }
      if (right === 0) {
        fail("integer divide by zero");
      }
      return left % right;
    case "**":
      return left ** right;
    default:
      return compare(operator, left, right);
  }
}

function compare(operator: string, left: number | string, right: number | string): boolean {
  switch (operator) {
    case "<":
      return left < right;
    case "<=":
      return left <= right;
    case ">":
      return left > right;
    default:
      return left >= right;
  }
}

function equal(left: ConditionValue, right: ConditionValue): boolean {
  if (Array.isArray(left) && Array.isArray(right)) {
    return left.length === right.length && left.every((item, i) => equal(item, right[i] ?? null));
  }
  return left === right;
}

function indexInto(target: ConditionValue, index: ConditionValue): ConditionValue {
  if (typeof index !== "number" || !Number.isInteger(index)) {
    fail(`invalid index ${String(index)} (expected an integer)`);
  }
  if (!Array.isArray(target) && typeof target !== "string") {
    fail(`cannot index ${typeName(target)}`);
  }

  // expr counts negative indexes from the end, and any other miss is a runtime error.
  const position = index < 0 ? target.length + index : index;
  if (position < 0 || position >= target.length) {
    fail(`index out of range: ${index} (array length is ${target.length})`);
  }
  return target[position] ?? null;
}

function numberArgument(name: string, value: ConditionValue): number {
  if (typeof value !== "number") {
    fail(`${name}() expects a number, found ${typeName(value)}`);
  }
  return value;
}

function arity(name: string, args: ConditionNode[], count: number): void {
  if (args.length !== count) {
    fail(`${name}() takes ${count} argument${count === 1 ? "" : "s"}, found ${args.length}`);
  }
}

function unaryBuiltin(name: string, apply: (value: ConditionValue) => ConditionValue): Builtin {
  return (evaluator, args, element) => {
    arity(name, args, 1);
    return apply(evaluator.evaluate(args[0] as ConditionNode, element));
  };
}

/**
 * `all`, `any`, `none`, `one` take a list and a predicate, written `{# > 0.9}` or, in newer expr
 * versions, without the braces.
 */
function predicateBuiltin(
  name: string,
  decide: (matches: number, total: number) => boolean,
): Builtin {
  return (evaluator, args, element) => {
    arity(name, args, 2);
    const list = evaluator.evaluate(args[0] as ConditionNode, element);
    if (!Array.isArray(list)) {
      fail(`${name}() expects an array, found ${typeName(list)}`);
    }
    const predicate = args[1] as ConditionNode;
    const body = predicate.kind === "predicate" ? predicate.body : predicate;
    const matches = list.filter((item) =>
      evaluator.truthy(evaluator.evaluate(body, item), name),
    ).length;
    return decide(matches, list.length);
  };
}

/**
 * The functions Argo Rollouts puts in the environment (utils/evaluate/evaluate.go) and the expr
 * built-ins templates use. `isNil` and `default` look at the whole result, not at their
 * argument, exactly as upstream's closures over the result do.
 */
const builtins: Record<string, Builtin> = {
  isNaN: unaryBuiltin("isNaN", (v) => Number.isNaN(numberArgument("isNaN", v))),
  isInf: unaryBuiltin(
    "isInf",
    (v) => !Number.isFinite(numberArgument("isInf", v)) && !Number.isNaN(v),
  ),
  isNil: (evaluator, args, element) => {
    arity("isNil", args, 1);
    evaluator.evaluate(args[0] as ConditionNode, element);
    return evaluator.evaluate({ kind: "identifier", name: "result", offset: 0 }, element) === null;
  },
  default: (evaluator, args, element) => {
    arity("default", args, 2);
    const fallback = evaluator.evaluate(args[1] as ConditionNode, element);
    const result = evaluator.evaluate({ kind: "identifier", name: "result", offset: 0 }, element);
    return result === null ? fallback : result;
  },
  asInt: unaryBuiltin("asInt", (v) => {
    if (typeof v === "number") {
      return Math.trunc(v);
    }
    if (typeof v === "string" && /^[+-]?\d+$/.test(v)) {
      return Number.parseInt(v, 10);
    }
    return fail(`asInt() not supported on ${typeName(v)} ${JSON.stringify(v)}`);
  }),
  asFloat: unaryBuiltin("asFloat", (v) => {
    if (typeof v === "number") {
      return v;
    }
    const parsed = typeof v === "string" ? parseGoFloat(v) : undefined;
    if (parsed === undefined) {
      return fail(`asFloat() not supported on ${typeName(v)} ${JSON.stringify(v)}`);
    }
    return parsed;
  }),
  len: unaryBuiltin("len", (v) => {
    if (Array.isArray(v) || typeof v === "string") {
      return v.length;
    }
    return fail(`invalid argument for len (type ${typeName(v)})`);
  }),
  abs: unaryBuiltin("abs", (v) => Math.abs(numberArgument("abs", v))),
  all: predicateBuiltin("all", (matches, total) => matches === total),
  any: predicateBuiltin("any", (matches) => matches > 0),
  none: predicateBuiltin("none", (matches) => matches === 0),
  one: predicateBuiltin("one", (matches) => matches === 1),
};

/** Go's strconv.ParseFloat accepts NaN and Inf spelled out; Number() would accept too much. */
function parseGoFloat(text: string): number | undefined {
  const special: Record<string, number> = {
    nan: Number.NaN,
    inf: Infinity,
    "+inf": Infinity,
    "-inf": -Infinity,
    infinity: Infinity,
    "+infinity": Infinity,
    "-infinity": -Infinity,
  };
  const lowered = text.toLowerCase();
  if (lowered in special) {
    return special[lowered];
  }
  return /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text) ? Number(text) : undefined;
}
