import path from "node:path";
import { loadRepository } from "../../manifests/load-repository.ts";
import type { Finding, Rule, ValidationInput } from "../model.ts";

/** The fixture repositories of the rules, one folder per rule with pass/ and fail/ inside. */
export const RULE_FIXTURES = path.resolve(import.meta.dirname, "../../../testdata/validate/rules");

/**
 * Loads a fixture repository with the real loader (kubectl kustomize included) and runs one
 * rule on it, as `platform validate` would.
 */
export async function runRuleOnFixture(
  rule: Rule,
  fixture: string,
): Promise<{ input: ValidationInput; findings: Finding[] }> {
  const input = await loadRepository(path.join(RULE_FIXTURES, fixture));
  if (input.findings.length > 0 || input.problems.length > 0) {
    const first = input.findings[0];
    throw new Error(
      `fixture ${fixture} does not load cleanly: ` +
        `${first?.source.file}:${first?.source.line} ${first?.message ?? input.problems[0]}`,
    );
  }
  await rule.prepare?.(input);
  return { input, findings: rule.check(input) };
}

/** `file:line severity message`, the shape the tests compare. */
export function brief(finding: Finding): string {
  const { file, line } = finding.source;
  return `${file}:${line} ${finding.severity} ${finding.message}`;
}
