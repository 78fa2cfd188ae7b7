import type {
  BinaryOperator,
  ConditionNode,
  ParsedCondition,
  UnaryOperator,
} from "./condition-ast.ts";

type Token =
  | { type: "number"; value: number; offset: number }
  | { type: "string"; value: string; offset: number }
  | { type: "name"; value: string; offset: number }
  | { type: "punct"; value: string; offset: number }
  | { type: "end"; value: ""; offset: number };

class ConditionSyntaxError extends Error {
  readonly offset: number;

  constructor(message: string, offset: number) {
    super(message);
    this.offset = offset;
  }
}

/** Longest first, so `**` wins over `*` and `&&` over a lone `&`. */
const punctuation = [
  "&&",
  "||",
  "==",
  "!=",
  "<=",
  ">=",
  "**",
  "??",
  "?.",
  "<",
  ">",
  "+",
  "-",
  "*",
  "/",
  "%",
  "^",
  "!",
  "(",
  ")",
  "[",
  "]",
  "{",
  "}",
  ",",
  "?",
  ":",
  "#",
  ".",
];

/**
 * Binding power of the binary operators, as the expr language orders them (or < and <
 * comparison < additive < multiplicative < power < `??`); a higher number binds tighter.
 */
const binaryPrecedence: Record<string, { operator: BinaryOperator; power: number }> = {
  or: { operator: "or", power: 10 },
  "||": { operator: "or", power: 10 },
  and: { operator: "and", power: 15 },
  "&&": { operator: "and", power: 15 },
  "==": { operator: "==", power: 20 },
  "!=": { operator: "!=", power: 20 },
  "<": { operator: "<", power: 20 },
  "<=": { operator: "<=", power: 20 },
  ">": { operator: ">", power: 20 },
  ">=": { operator: ">=", power: 20 },
  in: { operator: "in", power: 20 },
  matches: { operator: "matches", power: 20 },
  contains: { operator: "contains", power: 20 },
  startsWith: { operator: "startsWith", power: 20 },
  endsWith: { operator: "endsWith", power: 20 },
  "+": { operator: "+", power: 30 },
  "-": { operator: "-", power: 30 },
  "*": { operator: "*", power: 60 },
  "/": { operator: "/", power: 60 },
  "%": { operator: "%", power: 60 },
  "**": { operator: "**", power: 100 },
  "^": { operator: "**", power: 100 },
  "??": { operator: "??", power: 500 },
};

/** `not a == b` reads as `not (a == b)`; `-a ** 2` as `-(a ** 2)`. */
const unaryPower: Record<UnaryOperator, number> = { not: 50, "-": 90, "+": 90 };

/**
 * Parses an Argo Rollouts successCondition or failureCondition. Returns the tree, or the first
 * syntax error with its offset, line and column (1-based) in the text.
 */
export function parseCondition(text: string): ParsedCondition {
  try {
    const parser = new Parser(tokenize(text));
    const ast = parser.parseExpression(0);
    parser.expectEnd();
    return { ok: true, ast, text };
  } catch (error) {
    if (error instanceof ConditionSyntaxError) {
      return {
        ok: false,
        message: error.message,
        offset: error.offset,
        ...lineAndColumn(text, error.offset),
      };
    }
    throw error;
  }
}

function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset).split("\n");
  return { line: before.length, column: (before.at(-1)?.length ?? 0) + 1 };
}

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i] ?? "";
    if (/\s/.test(c)) {
      i++;
      continue;
    }

    const number = /^(?:0[xX][0-9a-fA-F_]+|(?:\d[\d_]*)?\.?\d[\d_]*(?:[eE][+-]?\d+)?)/.exec(
      text.slice(i),
    );
    if (number && /[\d.]/.test(c) && number[0] !== ".") {
      const literal = number[0];
      if (literal.endsWith("_") || literal.includes("__")) {
        throw new ConditionSyntaxError(`invalid number literal ${literal}`, i);
      }
      tokens.push({ type: "number", value: Number(literal.replaceAll("_", "")), offset: i });
      i += literal.length;
      continue;
    }

    if (c === '"' || c === "'" || c === "`") {
      const { value, end } = readString(text, i);
      tokens.push({ type: "string", value, offset: i });
      i = end;
      continue;
    }

    const name = /^[A-Za-z_$][A-Za-z0-9_$]*/.exec(text.slice(i));
    if (name) {
      tokens.push({ type: "name", value: name[0], offset: i });
      i += name[0].length;
      continue;
    }

    const punct = punctuation.find((p) => text.startsWith(p, i));
    if (punct === undefined) {
      throw new ConditionSyntaxError(`unexpected character ${JSON.stringify(c)}`, i);
    }
    tokens.push({ type: "punct", value: punct, offset: i });
    i += punct.length;
  }
  tokens.push({ type: "end", value: "", offset: text.length });
  return tokens;
}

const escapes: Record<string, string> = {
  n: "\n",
  t: "\t",
  r: "\r",
  "\\": "\\",
  '"': '"',
  "'": "'",
};

function readString(text: string, start: number): { value: string; end: number } {
  const quote = text[start];
  let value = "";
  let i = start + 1;
  while (i < text.length) {
    const c = text[i];
    if (c === quote) {
      return { value, end: i + 1 };
    }
    if (c === "\\" && quote !== "`") {
      const next = text[i + 1] ?? "";
      const escaped = escapes[next];
      if (escaped === undefined) {
        throw new ConditionSyntaxError(`invalid escape \\${next} in string`, i);
      }
      value += escaped;
      i += 2;
      continue;
    }
    value += c;
    i++;
  }
  throw new ConditionSyntaxError("string literal not terminated", start);
}

class Parser {
  private position = 0;
  /** Whether a call's arguments are being read, where `{...}` is a predicate. */
  private inArguments = false;
  private readonly tokens: Token[];

  constructor(tokens: Token[]) {
    this.tokens = tokens;
  }

  parseExpression(minPower: number): ConditionNode {
    let left = this.parseUnary();

    for (;;) {
      const token = this.peek();
      if (token.type === "punct" && token.value === "?" && minPower === 0) {
        left = this.parseConditional(left);
        continue;
      }
      const key = token.type === "punct" || token.type === "name" ? token.value : "";
      const notIn = key === "not" && this.peek(1).type === "name" && this.peek(1).value === "in";
      const binary = notIn ? binaryPrecedence.in : binaryPrecedence[key];
      if (binary === undefined || binary.power <= minPower) {
        return left;
      }
      this.advance();
      if (notIn) {
        this.advance();
      }

      // `**` is right-associative; everything else groups to the left.
      const rightPower = binary.operator === "**" ? binary.power - 1 : binary.power;
      const right = this.parseExpression(rightPower);
      const node: ConditionNode = {
        kind: "binary",
        operator: binary.operator,
        left,
        right,
        offset: token.offset,
      };
      left = notIn ? { kind: "unary", operator: "not", operand: node, offset: token.offset } : node;
    }
  }

  expectEnd(): void {
    const token = this.peek();
    if (token.type !== "end") {
      throw new ConditionSyntaxError(`unexpected ${describe(token)}`, token.offset);
    }
  }

  private parseConditional(test: ConditionNode): ConditionNode {
    this.advance();
    const then = this.parseExpression(0);
    this.expectPunct(":");
    const otherwise = this.parseExpression(0);
    return { kind: "conditional", test, then, otherwise, offset: test.offset };
  }

  private parseUnary(): ConditionNode {
    const token = this.peek();
    const operator: UnaryOperator | undefined =
      (token.type === "name" && token.value === "not") ||
      (token.type === "punct" && token.value === "!")
        ? "not"
        : token.type === "punct" && (token.value === "-" || token.value === "+")
          ? token.value
          : undefined;
    if (operator === undefined) {
      return this.parsePostfix(this.parsePrimary());
    }
    this.advance();
    const operand = this.parseExpression(unaryPower[operator]);
    return { kind: "unary", operator, operand, offset: token.offset };
  }

  private parsePostfix(target: ConditionNode): ConditionNode {
    let node = target;
    for (;;) {
      const token = this.peek();
      if (token.type !== "punct") {
        return node;
      }
      if (token.value === "[") {
        this.advance();
        node = this.parseIndexOrSlice(node, token.offset);
      } else if (token.value === "." || token.value === "?.") {
        this.advance();
        const name = this.advance();
        if (name.type !== "name") {
          throw new ConditionSyntaxError(
            `expected a field name after "${token.value}", found ${describe(name)}`,
            name.offset,
          );
        }
        const optional = token.value === "?.";
        node = { kind: "member", target: node, name: name.value, optional, offset: token.offset };
      } else {
        return node;
      }
    }
  }

  /** After `[`: `index]`, or a slice `from:to]` with either bound left out. */
  private parseIndexOrSlice(target: ConditionNode, offset: number): ConditionNode {
    const isColon = () => this.peek().type === "punct" && this.peek().value === ":";
    const from = isColon() ? undefined : this.parseExpression(0);
    if (!isColon()) {
      this.expectPunct("]");
      return { kind: "index", target, index: from as ConditionNode, offset };
    }
    this.advance();
    const closes = this.peek().type === "punct" && this.peek().value === "]";
    const to = closes ? undefined : this.parseExpression(0);
    this.expectPunct("]");
    return { kind: "slice", target, from, to, offset };
  }

  private parsePrimary(): ConditionNode {
    const token = this.advance();
    switch (token.type) {
      case "number":
        return { kind: "number", value: token.value, offset: token.offset };
      case "string":
        return { kind: "string", value: token.value, offset: token.offset };
      case "name":
        return this.parseName(token.value, token.offset);
      case "punct":
        return this.parsePunctPrimary(token.value, token.offset);
      default:
        throw new ConditionSyntaxError("unexpected end of condition", token.offset);
    }
  }

  private parseName(name: string, offset: number): ConditionNode {
    if (name === "true" || name === "false") {
      return { kind: "bool", value: name === "true", offset };
    }
    if (name === "nil") {
      return { kind: "nil", offset };
    }
    if (this.peek().type === "punct" && this.peek().value === "(") {
      this.advance();
      return { kind: "call", callee: name, args: this.parseArguments(), offset };
    }
    return { kind: "identifier", name, offset };
  }

  private parsePunctPrimary(value: string, offset: number): ConditionNode {
    if (value === "(") {
      const inner = this.parseExpression(0);
      this.expectPunct(")");
      return inner;
    }
    if (value === "#") {
      return { kind: "pointer", offset };
    }
    // Inside a predicate, `.field` is short for `#.field` (expr's member of the pointer).
    const field = this.peek();
    if (value === "." && field.type === "name") {
      this.advance();
      const name = field.value;
      const pointer: ConditionNode = { kind: "pointer", offset };
      return { kind: "member", target: pointer, name, optional: false, offset };
    }
    if (value === "[") {
      const elements = this.parseList("]");
      return { kind: "array", elements, offset };
    }
    if (value === "{" && this.inArguments) {
      const body = this.parseExpression(0);
      this.expectPunct("}");
      return { kind: "predicate", body, offset };
    }
    if (value === "{") {
      // expr reads `{` elsewhere as a map literal, which no condition needs; an unfilled
      // `{{args.x}}` lands here.
      throw new ConditionSyntaxError(
        'unexpected "{" (a predicate {...} goes only in a call such as all(result, {# > 0}))',
        offset,
      );
    }
    throw new ConditionSyntaxError(`unexpected ${JSON.stringify(value)}`, offset);
  }

  private parseArguments(): ConditionNode[] {
    const outer = this.inArguments;
    this.inArguments = true;
    try {
      return this.parseList(")");
    } finally {
      this.inArguments = outer;
    }
  }

  private parseList(close: string): ConditionNode[] {
    const items: ConditionNode[] = [];
    if (this.peek().type === "punct" && this.peek().value === close) {
      this.advance();
      return items;
    }
    for (;;) {
      items.push(this.parseExpression(0));
      const token = this.advance();
      if (token.type === "punct" && token.value === close) {
        return items;
      }
      if (!(token.type === "punct" && token.value === ",")) {
        throw new ConditionSyntaxError(
          `expected "," or "${close}", found ${describe(token)}`,
          token.offset,
        );
      }
    }
  }

  private expectPunct(value: string): void {
    const token = this.advance();
    if (token.type !== "punct" || token.value !== value) {
      throw new ConditionSyntaxError(`expected "${value}", found ${describe(token)}`, token.offset);
    }
  }

  private peek(ahead = 0): Token {
    return this.tokens[Math.min(this.position + ahead, this.tokens.length - 1)] as Token;
  }

  private advance(): Token {
    const token = this.peek();
    if (token.type !== "end") {
      this.position++;
    }
    return token;
  }
}

function describe(token: Token): string {
  if (token.type === "end") {
    return "end of condition";
  }
  return JSON.stringify(token.type === "number" ? String(token.value) : token.value);
}
