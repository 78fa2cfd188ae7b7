const unitMs: Record<string, number> = {
  ns: 1e-6,
  us: 1e-3,
  µs: 1e-3,
  μs: 1e-3,
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
};

/** One decimal number (digits before or after the point, or both) and its unit. */
const part = /(\d+\.?\d*|\.\d+)(ns|us|µs|μs|ms|s|m|h)/y;

/**
 * Parses a duration as Go's time.ParseDuration does, the reading Argo Rollouts gives metric
 * intervals, initial delays and pause strings: an optional sign, then numbers with units
 * ("30s", "1m30s", "1.5h", ".5s"); "0" alone needs no unit. Undefined when Go would refuse it.
 */
export function parseGoDuration(text: string): number | undefined {
  const sign = text.startsWith("-") ? -1 : 1;
  const body = text.startsWith("-") || text.startsWith("+") ? text.slice(1) : text;
  if (body === "") {
    return undefined;
  }
  if (body === "0") {
    return 0;
  }

  let total = 0;
  part.lastIndex = 0;
  while (part.lastIndex < body.length) {
    // Sticky: the next number must start where the last one ended.
    const match = part.exec(body);
    if (match === null) {
      return undefined;
    }
    total += Number(match[1]) * (unitMs[match[2] ?? ""] ?? 0);
  }
  return sign * total + 0;
}
