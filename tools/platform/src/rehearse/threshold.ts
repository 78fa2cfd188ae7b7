import type { ConditionNode } from "../analysis/index.ts";

/**
 * The number a condition compares the result with, for charts: in
 * `len(result) > 0 && !isNaN(result[0]) && result[0] >= 0.99` that is 0.99. The last
 * comparison between something reading `result[...]` (or `result`) and a number literal wins;
 * undefined when there is none.
 */
export function conditionThreshold(ast: ConditionNode | undefined): number | undefined {
  let found: number | undefined;
  const visit = (node: ConditionNode): void => {
    if (node.kind === "binary") {
      if (["<", "<=", ">", ">="].includes(node.operator)) {
        const number = readsResult(node.left)
          ? literal(node.right)
          : readsResult(node.right)
            ? literal(node.left)
            : undefined;
        if (number !== undefined) {
          found = number;
        }
      }
      visit(node.left);
      visit(node.right);
    } else if (node.kind === "unary") {
      visit(node.operand);
    }
  };
  if (ast) {
    visit(ast);
  }
  return found;
}

function readsResult(node: ConditionNode): boolean {
  if (node.kind === "identifier") {
    return node.name === "result";
  }
  return node.kind === "index" && readsResult(node.target);
}

function literal(node: ConditionNode): number | undefined {
  if (node.kind === "number") {
    return node.value;
  }
  if (node.kind === "unary" && node.operator === "-" && node.operand.kind === "number") {
    return -node.operand.value;
  }
  return undefined;
}
