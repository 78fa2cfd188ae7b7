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
      case "slice":
        return sliceOf(
          this.evaluate(node.target, element),
          node.from === undefined ? undefined : this.evaluate(node.from, element),
          node.to === undefined ? undefined : this.evaluate(node.to, element),
        );
      case "member":
        return this.member(node, element);
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

  /** A metric result holds no fields (a Prometheus result is numbers), so `.x` fails. */
  private member(
    node: Extract<ConditionNode, { kind: "member" }>,
    element: ConditionValue | undefined,
  ): ConditionValue {
    const target = this.evaluate(node.target, element);
    if (target === null && node.optional) {
      return null;
    }
    return fail(`type ${typeName(target)} has no field ${node.name}`);
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
    if (
      (node.operator === "==" || node.operator === "!=") &&
      !returnsAny(node.left) &&
      !returnsAny(node.right)
    ) {
      checkComparable(node.operator, left, right);
    }
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

/**
 * expr type-checks a condition before running it, with `result` typed by its Go value
 * ([]float64 for a vector, float64 for a scalar): `==` between kinds that cannot be equal is
 * a compile error ("invalid operation: == (mismatched types float64 and string)", upstream's
 * utils/evaluate tests), so an Error measurement, not a false. nil compares with anything.
 */
function checkComparable(operator: string, left: ConditionValue, right: ConditionValue): void {
  if (left === null || right === null) {
    return;
  }
  const kind = (value: ConditionValue) => (Array.isArray(value) ? "array" : typeof value);
  if (kind(left) !== kind(right)) {
    fail(
      `invalid operation: ${operator} (mismatched types ${typeName(left)} and ${typeName(right)})`,
    );
  }
}

/** Functions whose Go result type is `any`, which expr leaves to run time, where == is lenient. */
function returnsAny(node: ConditionNode): boolean {
  return (
    node.kind === "call" &&
    ["default", "first", "last", "find", "findLast", "max", "min"].includes(node.callee)
  );
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
  if (["matches", "contains", "startsWith", "endsWith"].includes(operator)) {
    return stringOperator(operator, left, right);
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

function stringOperator(operator: string, left: ConditionValue, right: ConditionValue): boolean {
  if (typeof left !== "string" || typeof right !== "string") {
    fail(
      `invalid operation: ${operator} (mismatched types ${typeName(left)} and ${typeName(right)})`,
    );
  }
  switch (operator) {
    case "contains":
      return left.includes(right);
    case "startsWith":
      return left.startsWith(right);
    case "endsWith":
      return left.endsWith(right);
    default:
      try {
        return new RegExp(right).test(left);
      } catch {
        return fail(`invalid regular expression ${JSON.stringify(right)}`);
      }
  }
}

/** `a[from:to]`: bounds default to the ends, count from the end when negative, and clamp. */
function sliceOf(
  target: ConditionValue,
  from: ConditionValue | undefined,
  to: ConditionValue | undefined,
): ConditionValue {
  if (!Array.isArray(target) && typeof target !== "string") {
    fail(`cannot slice ${typeName(target)}`);
  }
  const bound = (value: ConditionValue | undefined, fallback: number) => {
    if (value === undefined) {
      return fallback;
    }
    if (typeof value !== "number" || !Number.isInteger(value)) {
      return fail(`invalid slice index ${String(value)} (expected an integer)`);
    }
    const position = value < 0 ? target.length + value : value;
    return Math.min(Math.max(position, 0), target.length);
  };
  const start = bound(from, 0);
  const end = Math.max(bound(to, target.length), start);
  return target.slice(start, end);
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

function listOf(name: string, value: ConditionValue): readonly ConditionValue[] {
  if (!Array.isArray(value)) {
    fail(`${name}() expects an array, found ${typeName(value)}`);
  }
  return value;
}

function predicateBody(predicate: ConditionNode): ConditionNode {
  return predicate.kind === "predicate" ? predicate.body : predicate;
}

function listBuiltin(
  name: string,
  apply: (list: readonly ConditionValue[]) => ConditionValue,
): Builtin {
  return (evaluator, args, element) => {
    arity(name, args, 1);
    return apply(listOf(name, evaluator.evaluate(args[0] as ConditionNode, element)));
  };
}

/** `filter`, `find` and their kin: a list, a predicate, and what to make of the matches. */
function selectBuiltin(
  name: string,
  apply: (
    list: readonly ConditionValue[],
    keep: (item: ConditionValue) => boolean,
  ) => ConditionValue,
): Builtin {
  return (evaluator, args, element) => {
    arity(name, args, 2);
    const list = listOf(name, evaluator.evaluate(args[0] as ConditionNode, element));
    const body = predicateBody(args[1] as ConditionNode);
    return apply(list, (item) => evaluator.truthy(evaluator.evaluate(body, item), name));
  };
}

/** The numbers of the arguments, lists flattened, as expr's max, min, sum, mean and median. */
function numbersOf(
  name: string,
  evaluator: Evaluator,
  args: ConditionNode[],
  element: ConditionValue | undefined,
): number[] {
  const flatten = (value: ConditionValue): number[] =>
    Array.isArray(value)
      ? value.flatMap(flatten)
      : [
          typeof value === "number"
            ? value
            : fail(`invalid argument for ${name} (type ${typeName(value)})`),
        ];
  return args.flatMap((arg) => flatten(evaluator.evaluate(arg, element)));
}

/**
 * expr's max and min keep the first value no later one beats, so a NaN first stays and a NaN
 * later is skipped; with no values at all they give nil (builtin/lib.go minMax), which then
 * fails any comparison: `max(result) < 0.05` is an Error on an empty vector.
 */
function extremeBuiltin(
  name: string,
  beats: (candidate: number, best: number) => boolean,
): Builtin {
  return (evaluator, args, element) => {
    if (args.length === 0) {
      fail(`not enough arguments to call ${name}`);
    }
    let best: number | null = null;
    for (const value of numbersOf(name, evaluator, args, element)) {
      if (best === null || beats(value, best)) {
        best = value;
      }
    }
    return best;
  };
}

function aggregateBuiltin(name: string, apply: (values: number[]) => number): Builtin {
  return (evaluator, args, element) => {
    if (args.length === 0) {
      fail(`not enough arguments to call ${name}`);
    }
    return apply(numbersOf(name, evaluator, args, element));
  };
}

function median(values: number[]): number {
  if (values.length === 0) {
    return 0;
  }
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

/** Go's math.Round rounds half away from zero; Math.round rounds -2.5 to -2. */
function goRound(value: number): number {
  return value < 0 ? -Math.round(-value) : Math.round(value);
}

/**
 * `all`, `any`, `none`, `one` take a list and a predicate, written `{# > 0.9}` or, in newer expr
 * versions, without the braces.
 */
function predicateBuiltin(
  name: string,
  decide: (matches: number, total: number) => ConditionValue,
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
  ceil: unaryBuiltin("ceil", (v) => Math.ceil(numberArgument("ceil", v))),
  floor: unaryBuiltin("floor", (v) => Math.floor(numberArgument("floor", v))),
  round: unaryBuiltin("round", (v) => goRound(numberArgument("round", v))),
  int: unaryBuiltin("int", (v) => {
    if (typeof v === "string" && /^[+-]?\d+$/.test(v)) {
      return Number.parseInt(v, 10);
    }
    return Math.trunc(numberArgument("int", v));
  }),
  float: unaryBuiltin("float", (v) => {
    const parsed = typeof v === "string" ? parseGoFloat(v) : numberArgument("float", v);
    return parsed ?? fail(`invalid operation: float(${String(v)})`);
  }),
  max: extremeBuiltin("max", (candidate, best) => candidate > best),
  min: extremeBuiltin("min", (candidate, best) => candidate < best),
  sum: aggregateBuiltin("sum", (values) => values.reduce((total, value) => total + value, 0)),
  mean: aggregateBuiltin("mean", (values) =>
    values.length === 0 ? 0 : values.reduce((total, value) => total + value, 0) / values.length,
  ),
  median: aggregateBuiltin("median", median),
  first: listBuiltin("first", (list) => list[0] ?? null),
  last: listBuiltin("last", (list) => list.at(-1) ?? null),
  count: predicateBuiltin("count", (matches) => matches),
  filter: selectBuiltin("filter", (list, keep) => list.filter(keep)),
  map: (evaluator, args, element) => {
    arity("map", args, 2);
    const list = listOf("map", evaluator.evaluate(args[0] as ConditionNode, element));
    const body = predicateBody(args[1] as ConditionNode);
    return list.map((item) => evaluator.evaluate(body, item));
  },
  find: selectBuiltin("find", (list, keep) => list.find(keep) ?? null),
  findIndex: selectBuiltin("findIndex", (list, keep) => list.findIndex(keep)),
  findLast: selectBuiltin("findLast", (list, keep) => list.findLast(keep) ?? null),
  findLastIndex: selectBuiltin("findLastIndex", (list, keep) => list.findLastIndex(keep)),
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
