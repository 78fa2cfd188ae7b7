import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { expect } from "vitest";
import { isAlive } from "../process/is-alive.ts";
import type { RehearsalEvent } from "./events.ts";
import { type RehearsalResult, type RehearseOptions, rehearse } from "./rehearse.ts";

/** The repository root, from this file's place in it. */
export const repoRoot = fileURLToPath(new URL("../../../../", import.meta.url));

export const testdata = "tools/platform/src/rehearse/testdata";

/** Scaled settings the end-to-end tests share: the fixtures' 10s intervals become 1s. */
export const fastSettings = {
  timeScale: 10,
  scrapeIntervalMs: 500,
  rate: 20,
} as const;

export function rehearseFixture(
  fixture: string,
  options: Partial<RehearseOptions> = {},
): Promise<RehearsalResult> {
  return rehearse({
    overlay: `${testdata}/${fixture}`,
    repoRoot,
    scenario: "healthy",
    set: [],
    promotePauses: false,
    scaleQueryWindows: false,
    stableVersion: "previous",
    timeoutMs: 90_000,
    env: process.env,
    ...fastSettings,
    ...options,
  });
}

/** Every process the rehearsal started is gone, and so is Prometheus' temporary folder. */
export function expectNothingLeft(events: readonly RehearsalEvent[]): void {
  const setups = events.filter((event) => event.type === "setup");
  const pids = setups.flatMap((event) => (event.pid === undefined ? [] : [event.pid]));
  const folders = setups.flatMap((event) => (event.folder === undefined ? [] : [event.folder]));
  expect(pids.length).toBeGreaterThanOrEqual(3);
  for (const pid of pids) {
    expect(isAlive(pid), `process ${pid} still runs`).toBe(false);
  }
  for (const folder of folders) {
    expect(existsSync(folder), `${folder} still exists`).toBe(false);
  }
}

export function measurements(events: readonly RehearsalEvent[]) {
  return events.flatMap((event) => (event.type === "measurement" ? [event] : []));
}
