import {
  type CelFunc,
  type CelMap,
  CelScalar,
  type CelValue,
  celFunc,
  celMethod,
  mapType,
} from "@bufbuild/cel";
import { HostValue } from "./host-value.ts";

// The Kubernetes semver library (k8s.io/apiserver/pkg/cel/library/semverlib.go) over the
// parsing and precedence rules of github.com/blang/semver/v4, which it uses (semver.org 2.0).
// isGreaterThan, isLessThan and compareTo are shared with quantities: kubernetes-quantity.ts
// hands two versions to compareVersions.

const { BOOL, DYN, INT, STRING } = CelScalar;
const MAP = mapType(DYN, DYN);

const VERSION_KEY = "@semver";

interface Version {
  major: bigint;
  minor: bigint;
  patch: bigint;
  pre: string[];
}

/** A version as a CEL value, posing as a one-entry map; build metadata does not count for ==. */
class Semver extends HostValue {
  readonly version: Version;
  readonly text: string;

  constructor(version: Version) {
    super();
    this.version = version;
    const { major, minor, patch, pre } = version;
    this.text = `${major}.${minor}.${patch}${pre.length > 0 ? `-${pre.join(".")}` : ""}`;
  }

  protected readonly key = VERSION_KEY;

  protected identity(): CelValue | undefined {
    return this.text;
  }
}

const NUMBER = /^(0|[1-9][0-9]*)$/;
const IDENTIFIER = /^[0-9A-Za-z-]+$/;

/** blang/semver Parse: major.minor.patch, then -prerelease and +build, strictly. */
function parseVersion(text: string): Version {
  const plus = text.indexOf("+");
  const build = plus < 0 ? "" : text.slice(plus + 1);
  const withoutBuild = plus < 0 ? text : text.slice(0, plus);
  const dash = withoutBuild.indexOf("-");
  const core = dash < 0 ? withoutBuild : withoutBuild.slice(0, dash);
  const pre = dash < 0 ? [] : withoutBuild.slice(dash + 1).split(".");

  const parts = core.split(".");
  if (parts.length !== 3) {
    throw new Error("No Major.Minor.Patch elements found");
  }
  for (const [name, part] of [
    ["Major", parts[0]],
    ["Minor", parts[1]],
    ["Patch", parts[2]],
  ] as const) {
    if (!NUMBER.test(part ?? "")) {
      throw new Error(`Invalid character(s) or leading zeroes in ${name} number "${part}"`);
    }
  }
  for (const identifier of pre) {
    if (!IDENTIFIER.test(identifier) || (/^[0-9]+$/.test(identifier) && !NUMBER.test(identifier))) {
      throw new Error(`Invalid PreRelease identifier "${identifier}"`);
    }
  }
  if (plus >= 0 && !build.split(".").every((identifier) => IDENTIFIER.test(identifier))) {
    throw new Error(`Invalid build metadata "${build}"`);
  }
  const [major = "0", minor = "0", patch = "0"] = parts;
  return { major: BigInt(major), minor: BigInt(minor), patch: BigInt(patch), pre };
}

/** Kubernetes' normalizeAndParse: no "v" prefix, no leading zeros, missing parts filled. */
function normalizeAndParse(text: string): Version {
  const withoutV = text.startsWith("v") ? text.slice(1) : text;
  const dot = (s: string, n: number) => {
    const parts = s.split(".");
    return parts.length <= n ? parts : [...parts.slice(0, n - 1), parts.slice(n - 1).join(".")];
  };
  const parts = dot(withoutV, 3).map((part) => {
    if (part.length <= 1) {
      return part;
    }
    const trimmed = part.replace(/^0+/, "");
    return trimmed === "" || !/^[0-9]/.test(trimmed) ? `0${trimmed}` : trimmed;
  });
  if (parts.length < 3) {
    if (/[+-]/.test(parts[parts.length - 1] ?? "")) {
      throw new Error("short version cannot contain PreRelease/Build meta data");
    }
    while (parts.length < 3) {
      parts.push("0");
    }
  }
  return parseVersion(parts.join("."));
}

function compareIdentifiers(a: string, b: string): number {
  const aNumeric = /^[0-9]+$/.test(a);
  const bNumeric = /^[0-9]+$/.test(b);
  if (aNumeric && bNumeric) {
    const [x, y] = [BigInt(a), BigInt(b)];
    return x < y ? -1 : x > y ? 1 : 0;
  }
  if (aNumeric !== bNumeric) {
    return aNumeric ? -1 : 1;
  }
  return a < b ? -1 : a > b ? 1 : 0;
}

/** semver.org precedence: numbers, then a version without pre-release above one with. */
function compare(a: Version, b: Version): number {
  for (const key of ["major", "minor", "patch"] as const) {
    if (a[key] !== b[key]) {
      return a[key] < b[key] ? -1 : 1;
    }
  }
  if (a.pre.length === 0 || b.pre.length === 0) {
    return a.pre.length === b.pre.length ? 0 : a.pre.length === 0 ? 1 : -1;
  }
  for (let i = 0; i < Math.min(a.pre.length, b.pre.length); i++) {
    const order = compareIdentifiers(a.pre[i] ?? "", b.pre[i] ?? "");
    if (order !== 0) {
      return order;
    }
  }
  return Math.sign(a.pre.length - b.pre.length);
}

/** The order of two versions, or undefined when either is not a version. */
export function compareVersions(a: unknown, b: unknown): bigint | undefined {
  if (a instanceof Semver && b instanceof Semver) {
    return BigInt(compare(a.version, b.version));
  }
  if (a instanceof Semver || b instanceof Semver) {
    throw new Error("expected two versions");
  }
  return undefined;
}

function versionOf(value: unknown): Version {
  if (value instanceof Semver) {
    return value.version;
  }
  throw new Error("expected a semver");
}

function toSemver(text: string, normalize: boolean): CelMap {
  return new Semver(normalize ? normalizeAndParse(text) : parseVersion(text)) as never;
}

function valid(text: string, normalize: boolean): boolean {
  try {
    toSemver(text, normalize);
    return true;
  } catch {
    return false;
  }
}

export const kubernetesSemverFunctions: CelFunc[] = [
  celFunc("semver", [STRING], MAP, (text: string) => toSemver(text, false)),
  celFunc("semver", [STRING, BOOL], MAP, toSemver),
  celFunc("isSemver", [STRING], BOOL, (text: string) => valid(text, false)),
  celFunc("isSemver", [STRING, BOOL], BOOL, valid),
  celMethod("major", MAP, [], INT, function (this: CelMap) {
    return versionOf(this).major;
  }),
  celMethod("minor", MAP, [], INT, function (this: CelMap) {
    return versionOf(this).minor;
  }),
  celMethod("patch", MAP, [], INT, function (this: CelMap) {
    return versionOf(this).patch;
  }),
];
