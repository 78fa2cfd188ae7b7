/** Small readers shared by the spec loaders: each problem is reported at one field. */
export type Report = (field: string, message: string) => void;

export function asRecord(value: unknown): Record<string, unknown> | undefined {
  return typeof value === "object" && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

/** A value as a message shows it; long values are cut so one line stays readable. */
export function describe(value: unknown): string {
  if (value === undefined) {
    return "nothing";
  }
  if (typeof value === "string") {
    return `"${value}"`;
  }
  const text = JSON.stringify(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

export function expectName(value: unknown, field: string, report: Report): string | undefined {
  if (typeof value !== "string" || !/^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/.test(value)) {
    report(field, `expected a lowercase DNS-style name, found ${describe(value)}`);
    return undefined;
  }
  return value;
}
