import {
  durationSyntax,
  formatDuration,
  type Latency,
  latencySyntax,
  parseDuration,
  parseLatency,
} from "./durations.ts";

export const logLevels = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;
export type LogLevel = (typeof logLevels)[number];

/** Everything the service reads from its environment, validated. */
export interface Config {
  /** 0 asks the kernel for a free port (tests); the container listens on 8080. */
  port: number;
  /** Undefined listens on every address, as Node does by default. */
  host: string | undefined;
  version: string;
  color: string;
  commit: string;
  buildTime: string;
  logLevel: LogLevel;
  /** How long /ready reports 503 while the service keeps serving, before it stops accepting. */
  shutdownDelayMs: number;
  /** From the signal to exit at the latest; must fit the pod's termination grace period. */
  shutdownTimeoutMs: number;
  /** Fraction of `GET /` answered 500. */
  errorRate: number;
  /** Added delay on `GET /`; undefined when none. */
  latency: Latency | undefined;
}

export type ConfigResult = { ok: true; config: Config } | { ok: false; problems: string[] };

/** The variables the service reads and their defaults, in the order they are checked. */
export const configDefaults = {
  PORT: "8080",
  HOST: "",
  VERSION: "0.0.0-dev",
  COLOR: "blue",
  COMMIT: "unknown",
  BUILD_TIME: "unknown",
  LOG_LEVEL: "info",
  SHUTDOWN_DELAY: "5s",
  SHUTDOWN_TIMEOUT: "25s",
  ERROR_RATE: "0",
  LATENCY: "0",
} as const;

type Variable = keyof typeof configDefaults;

const versionPattern = /^[0-9A-Za-z][0-9A-Za-z._+-]{0,63}$/;
const colorPattern = /^[a-z][a-z0-9-]{0,31}$/;
const labelSafePattern = /^[\x21-\x7e]{1,128}$/;
const hostPattern = /^[0-9A-Za-z.:-]{1,253}$/;

/**
 * Reads and validates the environment. Every invalid variable yields one line naming the
 * variable, the value found and what was expected; the caller prints them and exits with 2.
 */
export function loadConfig(env: NodeJS.ProcessEnv): ConfigResult {
  const problems: string[] = [];
  const read = (name: Variable): string =>
    (name === "COLOR" && isNpmColorFlag(env) ? undefined : env[name]) ?? configDefaults[name];
  const check = <T>(name: Variable, parse: (text: string) => T | undefined, expected: string) => {
    const text = read(name);
    const value = parse(text);
    if (value === undefined) {
      problems.push(`invalid ${name}=${JSON.stringify(text)}: expected ${expected}`);
    }
    return value;
  };

  const port = check("PORT", parsePort, "an integer port from 0 to 65535");
  const host = check(
    "HOST",
    (text) => (text === "" || hostPattern.test(text) ? text : undefined),
    "an IP address or host name to listen on, or empty for every address",
  );
  const version = check(
    "VERSION",
    matching(versionPattern),
    "a version of letters, digits and . _ + - (at most 64 characters), such as 1.4.2",
  );
  const color = check(
    "COLOR",
    matching(colorPattern),
    "a lowercase colour name such as blue or green (letters, digits, -)",
  );
  const commit = check(
    "COMMIT",
    matching(labelSafePattern),
    "a commit id of printable characters without spaces",
  );
  const buildTime = check(
    "BUILD_TIME",
    parseBuildTime,
    "unknown or an ISO 8601 time such as 2026-12-03T18:00:00Z",
  );
  const logLevel = check("LOG_LEVEL", parseLogLevel, `one of ${logLevels.join(", ")}`);
  const shutdownDelayMs = check("SHUTDOWN_DELAY", parseDuration, durationSyntax);
  const shutdownTimeoutMs = check("SHUTDOWN_TIMEOUT", parseDuration, durationSyntax);
  const errorRate = check("ERROR_RATE", parseRate, "a number from 0 to 1, such as 0.05");
  const latency = check("LATENCY", parseLatency, latencySyntax);

  if (
    shutdownDelayMs !== undefined &&
    shutdownTimeoutMs !== undefined &&
    shutdownTimeoutMs <= shutdownDelayMs
  ) {
    problems.push(
      `invalid SHUTDOWN_TIMEOUT=${JSON.stringify(read("SHUTDOWN_TIMEOUT"))}: expected a ` +
        `duration longer than SHUTDOWN_DELAY (${formatDuration(shutdownDelayMs)})`,
    );
  }

  if (
    problems.length > 0 ||
    port === undefined ||
    host === undefined ||
    version === undefined ||
    color === undefined ||
    commit === undefined ||
    buildTime === undefined ||
    logLevel === undefined ||
    shutdownDelayMs === undefined ||
    shutdownTimeoutMs === undefined ||
    errorRate === undefined ||
    latency === undefined
  ) {
    return { ok: false, problems };
  }

  return {
    ok: true,
    config: {
      port,
      host: host === "" ? undefined : host,
      version,
      color,
      commit,
      buildTime,
      logLevel,
      shutdownDelayMs,
      shutdownTimeoutMs,
      errorRate,
      latency: latency.baseMs === 0 ? undefined : latency,
    },
  };
}

/**
 * npm sets COLOR to 0 or 1 (whether its own output is coloured) in the environment of every
 * script and npx command it runs, overwriting the caller's value; those processes' children
 * inherit it. So under npm (npm_command set), 0 and 1 mean "not set" rather than a bad colour.
 */
function isNpmColorFlag(env: NodeJS.ProcessEnv): boolean {
  return env.npm_command !== undefined && (env.COLOR === "0" || env.COLOR === "1");
}

function matching(pattern: RegExp): (text: string) => string | undefined {
  return (text) => (pattern.test(text) ? text : undefined);
}

function parsePort(text: string): number | undefined {
  if (!/^\d{1,5}$/.test(text)) {
    return undefined;
  }
  const port = Number(text);
  return port <= 65535 ? port : undefined;
}

function parseRate(text: string): number | undefined {
  if (!/^\d*\.?\d+$/.test(text)) {
    return undefined;
  }
  const rate = Number(text);
  return rate >= 0 && rate <= 1 ? rate : undefined;
}

function parseBuildTime(text: string): string | undefined {
  if (text === "unknown") {
    return text;
  }
  const iso = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;
  return iso.test(text) && !Number.isNaN(Date.parse(text)) ? text : undefined;
}

function parseLogLevel(text: string): LogLevel | undefined {
  return logLevels.find((level) => level === text);
}
