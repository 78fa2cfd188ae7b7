import type { Latency } from "../config/durations.ts";

/** A delay in milliseconds drawn uniformly from [base - jitter, base + jitter]. */
export function drawDelay(latency: Latency, random: () => number = Math.random): number {
  return latency.baseMs + (random() * 2 - 1) * latency.jitterMs;
}
