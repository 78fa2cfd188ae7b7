/** A fixed delay with optional uniform jitter: each request waits base ± jitter. */
export interface Latency {
  baseMs: number;
  jitterMs: number;
}

const durationPattern = /^(\d+(?:\.\d+)?)(ms|s)$/;

/** The syntax accepted for a duration, as shown in error messages. */
export const durationSyntax = "a duration such as 500ms, 2s or 0";

/** Parses `250ms`, `1.5s` or a bare `0`; returns undefined for anything else. */
export function parseDuration(text: string): number | undefined {
  if (text === "0") {
    return 0;
  }

  const match = durationPattern.exec(text);
  if (match === null) {
    return undefined;
  }

  const amount = Number(match[1]);
  return match[2] === "s" ? amount * 1000 : amount;
}

/** The syntax accepted for LATENCY, as shown in error messages. */
export const latencySyntax =
  "a duration such as 200ms, optionally with jitter no larger than it: 200ms±50ms or 200ms+-50ms";

/**
 * Parses LATENCY: `200ms` (fixed), `200ms±50ms` or the ASCII spelling `200ms+-50ms` (uniform
 * jitter). Jitter may not exceed the base, so no request is ever scheduled in the past.
 * Returns undefined when the text does not fit; `0` means no added latency.
 */
export function parseLatency(text: string): Latency | undefined {
  const parts = text.split(/±|\+-/);
  if (parts.length > 2) {
    return undefined;
  }

  const baseMs = parseDuration(parts[0] ?? "");
  const jitterMs = parts.length === 2 ? parseDuration(parts[1] ?? "") : 0;
  if (baseMs === undefined || jitterMs === undefined || jitterMs > baseMs) {
    return undefined;
  }
  return { baseMs, jitterMs };
}

/** Formats milliseconds back into the syntax above, for logs and messages. */
export function formatDuration(ms: number): string {
  return ms % 1000 === 0 && ms !== 0 ? `${ms / 1000}s` : `${ms}ms`;
}
