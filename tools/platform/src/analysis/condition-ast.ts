/**
 * The syntax tree of an analysis condition. Argo Rollouts evaluates successCondition and
 * failureCondition with the expr language (github.com/expr-lang/expr); this is the subset that
 * AnalysisTemplates use. Every node keeps the offset of its first character for error messages.
 */
export type ConditionNode =
  | { kind: "number"; value: number; offset: number }
  | { kind: "string"; value: string; offset: number }
  | { kind: "bool"; value: boolean; offset: number }
  | { kind: "nil"; offset: number }
  | { kind: "identifier"; name: string; offset: number }
  /** `#`, the element a predicate such as `all(result, {# > 0.9})` is applied to. */
  | { kind: "pointer"; offset: number }
  | { kind: "array"; elements: ConditionNode[]; offset: number }
  | { kind: "unary"; operator: UnaryOperator; operand: ConditionNode; offset: number }
  | {
      kind: "binary";
      operator: BinaryOperator;
      left: ConditionNode;
      right: ConditionNode;
      offset: number;
    }
  | { kind: "index"; target: ConditionNode; index: ConditionNode; offset: number }
  /** `target[from:to]`, either bound optional. */
  | {
      kind: "slice";
      target: ConditionNode;
      from?: ConditionNode;
      to?: ConditionNode;
      offset: number;
    }
  /** `target.name`, or `target?.name` (optional: nil stays nil). */
  | { kind: "member"; target: ConditionNode; name: string; optional: boolean; offset: number }
  | {
      kind: "conditional";
      test: ConditionNode;
      then: ConditionNode;
      otherwise: ConditionNode;
      offset: number;
    }
  | { kind: "call"; callee: string; args: ConditionNode[]; offset: number }
  /** A predicate argument, `{ # > 0.9 }`, evaluated once per element. */
  | { kind: "predicate"; body: ConditionNode; offset: number };

export type UnaryOperator = "not" | "-" | "+";

export type BinaryOperator =
  | "or"
  | "and"
  | "=="
  | "!="
  | "<"
  | "<="
  | ">"
  | ">="
  | "in"
  | "matches"
  | "contains"
  | "startsWith"
  | "endsWith"
  | "+"
  | "-"
  | "*"
  | "/"
  | "%"
  | "**"
  | "??";

/** What `parseCondition` returns: the tree, or the first syntax error and where it is. */
export type ParsedCondition =
  | { ok: true; ast: ConditionNode; text: string }
  | { ok: false; message: string; offset: number; line: number; column: number };
