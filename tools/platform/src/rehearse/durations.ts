const unitMs: Record<string, number> = {
  ns: 1e-6,
  us: 1e-3,
  µs: 1e-3,
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
};

/**
 * Parses a Go duration as Argo Rollouts reads metric intervals and delays ("30s", "1m30s",
 * "500ms"); undefined when the text is not one.
 */
export function parseGoDuration(text: string): number | undefined {
  if (text === "0") {
    return 0;
  }
  const parts = [...text.matchAll(/(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/g)];
  if (parts.length === 0 || parts.map((part) => part[0]).join("") !== text) {
    return undefined;
  }
  return parts.reduce((total, part) => total + Number(part[1]) * (unitMs[part[2] ?? ""] ?? 0), 0);
}

/**
 * A pause duration: a bare integer is seconds, a string takes a unit (s, m, h), as the
 * Rollout spec's `pause.duration` allows (argo-rollouts docs, features/canary).
 */
export function parsePauseDuration(value: unknown): number | undefined {
  if (typeof value === "number" && Number.isInteger(value) && value >= 0) {
    return value * 1000;
  }
  if (typeof value === "string") {
    if (/^\d+$/.test(value)) {
      return Number(value) * 1000;
    }
    return /^\d+[smh]$/.test(value) ? parseGoDuration(value) : undefined;
  }
  return undefined;
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
