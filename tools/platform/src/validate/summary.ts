import type { Finding } from "./model.ts";

export interface Summary {
  errors: number;
  warnings: number;
  infos: number;
  objects: number;
  kustomizations: number;
  milliseconds: number;
}

export function summarize(
  findings: readonly Finding[],
  counts: { objects: number; kustomizations: number; milliseconds: number },
): Summary {
  const count = (severity: Finding["severity"]) =>
    findings.filter((finding) => finding.severity === severity).length;
  return {
    errors: count("error"),
    warnings: count("warning"),
    infos: count("info"),
    objects: counts.objects,
    kustomizations: counts.kustomizations,
    milliseconds: Math.round(counts.milliseconds),
  };
}

/** The closing line on stderr, so stdout stays the findings alone. */
export function summaryLine(summary: Summary): string {
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;
  return (
    `${plural(summary.errors, "error")}, ${plural(summary.warnings, "warning")} in ` +
    `${plural(summary.objects, "object")} (${plural(summary.kustomizations, "kustomization")} ` +
    `rendered) in ${summary.milliseconds} ms\n`
  );
}
