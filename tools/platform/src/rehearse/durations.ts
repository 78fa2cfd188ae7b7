import { parseGoDuration } from "../analysis/index.ts";

/**
 * A pause duration in milliseconds, as upstream's RolloutPause.DurationSeconds reads it: an
 * integer, or a string taken as integer seconds, else as a Go duration cut to whole seconds
 * ("1m30s" is 90 s, "1500ms" is 1 s); undefined when it is neither or negative, which
 * upstream's validation refuses.
 */
export function parsePauseDuration(value: unknown): number | undefined {
  let seconds: number | undefined;
  if (typeof value === "number" && Number.isInteger(value)) {
    seconds = value;
  } else if (typeof value === "string" && /^[+-]?\d+$/.test(value)) {
    seconds = Number(value);
  } else if (typeof value === "string") {
    const ms = parseGoDuration(value);
    seconds = ms === undefined ? undefined : Math.trunc(ms / 1000);
  }
  return seconds === undefined || seconds < 0 ? undefined : seconds * 1000 + 0;
}

/** "1m30s" style text for messages. */
export function formatMs(ms: number): string {
  if (ms < 1000) {
    return `${Math.round(ms)}ms`;
  }
  const seconds = ms / 1000;
  if (seconds < 60) {
    return `${Number(seconds.toFixed(seconds < 10 ? 2 : 1))}s`;
  }
  const minutes = Math.floor(seconds / 60);
  const rest = Math.round(seconds - minutes * 60);
  return rest === 0 ? `${minutes}m` : `${minutes}m${rest}s`;
}

/** Prometheus range-selector durations inside a query, such as `[5m]` or `[1h30m]`. */
const rangePattern = /\[(\d+(?:ms|s|m|h|d|w|y))+\]/g;

/**
 * Divides every range selector of a query by the time scale, never below `floorMs` (a rate
 * needs two samples). Only plain `[5m]` ranges are rewritten; subqueries keep their text.
 */
export function scaleQueryWindows(query: string, scale: number, floorMs: number): string {
  return query.replace(rangePattern, (whole) => {
    const inner = whole.slice(1, -1);
    const ms = parsePromDuration(inner);
    if (ms === undefined) {
      return whole;
    }
    const scaled = Math.max(floorMs, Math.round(ms / scale));
    return `[${Math.round(scaled)}ms]`;
  });
}

function parsePromDuration(text: string): number | undefined {
  const units: Record<string, number> = {
    ms: 1,
    s: 1000,
    m: 60_000,
    h: 3_600_000,
    d: 86_400_000,
    w: 604_800_000,
    y: 31_536_000_000,
  };
  const parts = [...text.matchAll(/(\d+)(ms|s|m|h|d|w|y)/g)];
  if (parts.map((part) => part[0]).join("") !== text) {
    return undefined;
  }
  return parts.reduce((total, part) => total + Number(part[1]) * (units[part[2] ?? ""] ?? 0), 0);
}
