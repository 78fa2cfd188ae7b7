import { describeObject } from "./format-text.ts";
import type { Finding, Severity } from "./model.ts";
import type { RuleInfo } from "./rule-info.ts";

/** SARIF 2.1.0 (OASIS), the format code-scanning tools read. */
const SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";

const LEVELS: Record<Severity, "error" | "warning" | "note"> = {
  error: "error",
  warning: "warning",
  info: "note",
};

export function formatSarif(
  findings: readonly Finding[],
  rules: readonly RuleInfo[],
  version: string,
): string {
  const ruleIndex = new Map(rules.map((rule, index) => [rule.id, index]));
  const log = {
    version: "2.1.0",
    $schema: SARIF_SCHEMA,
    runs: [
      {
        tool: {
          driver: {
            name: "platform validate",
            version,
            rules: rules.map((rule) => ({
              id: rule.id,
              shortDescription: { text: rule.summary },
              fullDescription: { text: `${rule.summary}: ${rule.why}` },
              help: { text: rule.why },
            })),
          },
        },
        // Columns come from a JavaScript string, so they count UTF-16 code units.
        columnKind: "utf16CodeUnits",
        originalUriBaseIds: { SRCROOT: { description: { text: "the repository root" } } },
        results: findings.map((finding) => ({
          ruleId: finding.ruleId,
          ...(ruleIndex.has(finding.ruleId) ? { ruleIndex: ruleIndex.get(finding.ruleId) } : {}),
          level: LEVELS[finding.severity],
          message: {
            text:
              finding.object === undefined
                ? finding.message
                : `${describeObject(finding.object)}: ${finding.message}`,
          },
          locations: [
            {
              physicalLocation: {
                artifactLocation: { uri: encodeURI(finding.source.file), uriBaseId: "SRCROOT" },
                region: { startLine: finding.source.line, startColumn: finding.source.column },
              },
            },
          ],
          ...(finding.object === undefined ? {} : { properties: { object: finding.object } }),
        })),
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}
