import type { Finding, Rule, ValidationInput } from "./model.ts";

export interface RuleRun {
  findings: Finding[];
  /** Rules that threw: a defect in the rule, reported apart from the repository's findings. */
  failures: string[];
  /** Milliseconds per rule id. */
  timings: Map<string, number>;
}

/** Runs every rule over the same input; a rule that throws does not stop the others. */
export async function runRules(rules: readonly Rule[], input: ValidationInput): Promise<RuleRun> {
  const run: RuleRun = { findings: [], failures: [], timings: new Map() };
  for (const rule of rules) {
    const started = performance.now();
    try {
      await rule.prepare?.(input);
      run.findings.push(...rule.check(input));
    } catch (error) {
      const cause = error instanceof Error ? (error.stack ?? error.message) : String(error);
      run.failures.push(`rule ${rule.id} failed: ${cause}`);
    }
    run.timings.set(rule.id, performance.now() - started);
  }
  return run;
}

/** Sorted by file, line, column, then rule; exact duplicates (one base, many overlays) once. */
export function orderFindings(findings: readonly Finding[]): Finding[] {
  const seen = new Set<string>();
  const unique = findings.filter((finding) => {
    const key = JSON.stringify([finding.source, finding.ruleId, finding.message, finding.object]);
    if (seen.has(key)) {
      return false;
    }
    seen.add(key);
    return true;
  });
  return unique.sort(
    (a, b) =>
      compare(a.source.file, b.source.file) ||
      a.source.line - b.source.line ||
      a.source.column - b.source.column ||
      compare(a.ruleId, b.ruleId) ||
      compare(a.message, b.message),
  );
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
