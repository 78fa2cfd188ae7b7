/**
 * Pod Security levels and policy versions as the namespace labels write them, parsed the way
 * pod-security-admission does (api/helpers.go: ParseLevel, ParseVersion, PolicyToEvaluate).
 */

import type { Level } from "./checks/check.ts";

export type { Level };

/** A policy version: "latest" or v1.<minor>. */
export type PolicyVersion = { latest: true } | { latest: false; minor: number };

export interface LevelVersion {
  level: Level;
  version: PolicyVersion;
}

export const latest: PolicyVersion = { latest: true };

const levels: readonly Level[] = ["privileged", "baseline", "restricted"];
const versionPattern = /^v1\.(0|[1-9][0-9]*)$/;

/** An unknown level is evaluated as restricted, as upstream does for enforce. */
export function parseLevel(value: string): { level: Level; valid: boolean } {
  const level = levels.find((candidate) => candidate === value);
  return level === undefined ? { level: "restricted", valid: false } : { level, valid: true };
}

/** An unparsable version is evaluated as latest, as upstream does. */
export function parseVersion(value: string): { version: PolicyVersion; valid: boolean } {
  if (value === "latest") {
    return { version: latest, valid: true };
  }
  const match = versionPattern.exec(value);
  if (match === null) {
    return { version: latest, valid: false };
  }
  return { version: { latest: false, minor: Number(match[1]) }, valid: true };
}

export function formatVersion(version: PolicyVersion): string {
  return version.latest ? "latest" : `v1.${version.minor}`;
}

export function formatLevelVersion(value: LevelVersion): string {
  return `${value.level}:${formatVersion(value.version)}`;
}

/** Strictness order: privileged < baseline < restricted. */
export function compareLevels(a: Level, b: Level): number {
  return levels.indexOf(a) - levels.indexOf(b);
}

/** Privileged at any version allows everything, so all privileged policies are equal. */
export function equivalent(a: LevelVersion, b: LevelVersion): boolean {
  if (a.level === "privileged" && b.level === "privileged") {
    return true;
  }
  return a.level === b.level && formatVersion(a.version) === formatVersion(b.version);
}
