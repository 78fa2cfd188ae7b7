/**
 * Helpers for the Prometheus text exposition format, version 0.0.4
 * (https://prometheus.io/docs/instrumenting/exposition_formats/).
 */
export const exposition = {
  contentType: "text/plain; version=0.0.4; charset=utf-8",
} as const;

/** Escapes a label value: backslash, double quote and line feed must be escaped. */
export function escapeLabelValue(value: string): string {
  return value.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n");
}

/** Renders `name="value",...` (without braces) in the order given. */
export function formatLabels(labels: Readonly<Record<string, string>>): string {
  return Object.entries(labels)
    .map(([name, value]) => `${name}="${escapeLabelValue(value)}"`)
    .join(",");
}

/** Formats a sample value; Prometheus reads Go float syntax, including +Inf and NaN. */
export function formatValue(value: number): string {
  if (value === Number.POSITIVE_INFINITY) {
    return "+Inf";
  }
  if (value === Number.NEGATIVE_INFINITY) {
    return "-Inf";
  }
  return String(value);
}

/** The HELP and TYPE lines that open a metric family. */
export function familyHeader(name: string, type: string, help: string): string {
  return `# HELP ${name} ${help}\n# TYPE ${name} ${type}\n`;
}
