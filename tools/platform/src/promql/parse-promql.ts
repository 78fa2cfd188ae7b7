import { parser } from "@prometheus-io/lezer-promql";

export type PromqlParseResult = { ok: true } | { ok: false; message: string; offset: number };

/** How much of the unexpected text a message quotes. */
const QUOTE_LIMIT = 20;

/**
 * Parses one PromQL expression with the grammar the Prometheus UI itself uses. Lezer never
 * throws: it recovers and marks what it could not parse with error nodes, so the first error
 * node is the first syntax error. `offset` is 0-based into `expr`.
 */
export function parsePromql(expr: string): PromqlParseResult {
  if (expr.trim() === "") {
    return { ok: false, message: "expected an expression, found nothing", offset: 0 };
  }

  const tree = parser.parse(expr);
  let first: { from: number; to: number } | undefined;
  tree.iterate({
    enter(node) {
      if (first !== undefined) {
        return false;
      }
      if (node.type.isError) {
        first = { from: node.from, to: node.to };
        return false;
      }
      return true;
    },
  });

  if (first === undefined) {
    return { ok: true };
  }
  return { ok: false, message: describe(expr, first.from, first.to), offset: first.from };
}

function describe(expr: string, from: number, to: number): string {
  // A zero-width error node sits where the parser expected more; name the text that follows.
  const found = (from === to ? expr.slice(from) : expr.slice(from, to)).trimEnd();
  if (found === "") {
    return "unexpected end of expression";
  }
  const quoted = found.length > QUOTE_LIMIT ? `${found.slice(0, QUOTE_LIMIT)}...` : found;
  return `unexpected ${JSON.stringify(quoted)} at offset ${from}`;
}
