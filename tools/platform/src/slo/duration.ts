/** Prometheus-style durations as the specs and rules write them: one number and one unit. */
const unitSeconds = { s: 1, m: 60, h: 3600, d: 86_400, w: 604_800 } as const;

const durationPattern = /^([1-9][0-9]*)(s|m|h|d|w)$/;

/** Seconds in `text`, or undefined when it is not a positive whole number and a known unit. */
export function parseDuration(text: string): number | undefined {
  const match = durationPattern.exec(text);
  if (match === null) {
    return undefined;
  }
  const unit = match[2] as keyof typeof unitSeconds;
  return Number(match[1]) * unitSeconds[unit];
}

/** The shortest exact form: 2592000 is "30d", 5400 is "90m". */
export function formatDuration(seconds: number): string {
  const units = Object.entries(unitSeconds).reverse();
  for (const [unit, size] of units) {
    if (unit !== "w" && seconds % size === 0) {
      return `${seconds / size}${unit}`;
    }
  }
  return `${seconds}s`;
}

/** Human words for documentation: "1 hour", "52 seconds". */
export function describeDuration(seconds: number): string {
  const steps: [number, string][] = [
    [86_400, "day"],
    [3600, "hour"],
    [60, "minute"],
  ];
  for (const [size, word] of steps) {
    if (seconds >= size && seconds % size === 0) {
      const count = seconds / size;
      return `${count} ${word}${count === 1 ? "" : "s"}`;
    }
  }
  if (seconds >= 120) {
    const minutes = Math.round((seconds / 60) * 10) / 10;
    return `${minutes} minutes`;
  }
  const rounded = Math.round(seconds * 10) / 10;
  return `${rounded} seconds`;
}
