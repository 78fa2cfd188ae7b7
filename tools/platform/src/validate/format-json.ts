import type { Finding } from "./model.ts";
import type { Summary } from "./summary.ts";

/** Machine-readable output: every finding flat, plus the counts. */
export function formatJson(findings: readonly Finding[], summary: Summary): string {
  const rows = findings.map((finding) => ({
    file: finding.source.file,
    line: finding.source.line,
    column: finding.source.column,
    severity: finding.severity,
    rule: finding.ruleId,
    message: finding.message,
    ...(finding.object === undefined ? {} : { object: finding.object }),
  }));
  return `${JSON.stringify({ findings: rows, summary }, null, 2)}\n`;
}
