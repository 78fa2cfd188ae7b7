import { parsePromql } from "../../../promql/parse-promql.ts";
import type { Finding, Rule, ValidationInput } from "../../model.ts";
import { collectQueries } from "./query-sources.ts";

const RULE_ID = "promql";

export const promqlRule: Rule = {
  id: RULE_ID,
  summary:
    "every PromQL expression (AnalysisTemplate queries with their args as placeholders, " +
    "PrometheusRule expressions, dashboard targets) parses with the official grammar",
  why:
    "a query that does not parse makes every analysis measurement an Error (the rollout aborts " +
    "after consecutiveErrorLimit), a rule group fail to load, or a panel stay empty",

  check(input: ValidationInput): Finding[] {
    const { queries, problems } = collectQueries(input);
    const findings: Finding[] = problems.map((problem) => ({
      ruleId: RULE_ID,
      severity: "error",
      ...problem,
    }));

    for (const query of queries) {
      const parsed = parsePromql(query.expr);
      if (parsed.ok) {
        continue;
      }
      findings.push({
        ruleId: RULE_ID,
        severity: "error",
        message:
          `expected valid PromQL in ${query.label}, found ${parsed.message}: ` +
          excerpt(query.expr, parsed.offset),
        source: query.source,
        ...(query.object === undefined ? {} : { object: query.object }),
      });
    }
    return findings;
  },
};

/** The expression around the error, on one line, with a marker where parsing stopped. */
function excerpt(expr: string, offset: number): string {
  const flat = expr.replace(/\s+/g, " ");
  const flatOffset = expr.slice(0, offset).replace(/\s+/g, " ").length;
  const start = Math.max(0, flatOffset - 40);
  const end = Math.min(flat.length, flatOffset + 20);
  const head = `${start > 0 ? "..." : ""}${flat.slice(start, flatOffset)}`;
  return `${head}<here>${flat.slice(flatOffset, end)}${end < flat.length ? "..." : ""}`;
}
