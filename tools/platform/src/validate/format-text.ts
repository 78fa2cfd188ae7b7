import type { Finding, ObjectRef } from "./model.ts";

/** One line per finding, like a compiler: `path:line:col  severity  rule  message`. */
export function formatText(findings: readonly Finding[]): string {
  return findings
    .map((finding) => {
      const { file, line, column } = finding.source;
      const subject = finding.object === undefined ? "" : `${describeObject(finding.object)}: `;
      const where = `${file}:${line}:${column}`;
      return `${where}  ${finding.severity}  ${finding.ruleId}  ${subject}${finding.message}\n`;
    })
    .join("");
}

/** `Kind namespace/name`, or `Kind name` for objects without a namespace. */
export function describeObject(object: ObjectRef): string {
  const name = object.namespace === undefined ? object.name : `${object.namespace}/${object.name}`;
  return `${object.kind} ${name}`;
}
