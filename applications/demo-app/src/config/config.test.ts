import { describe, expect, it } from "vitest";
import { loadConfig } from "./config.ts";
import { parseDuration, parseLatency } from "./durations.ts";

describe("loadConfig", () => {
  it("applies the documented defaults to an empty environment", () => {
    const result = loadConfig({});

    expect(result).toEqual({
      ok: true,
      config: {
        port: 8080,
        host: undefined,
        version: "0.0.0-dev",
        color: "blue",
        commit: "unknown",
        buildTime: "unknown",
        logLevel: "info",
        shutdownDelayMs: 5000,
        shutdownTimeoutMs: 25000,
        errorRate: 0,
        latency: undefined,
      },
    });
  });

  it("reads every variable", () => {
    const result = loadConfig({
      PORT: "9000",
      HOST: "127.0.0.1",
      VERSION: "1.4.2",
      COLOR: "green",
      COMMIT: "abc123",
      BUILD_TIME: "2026-12-03T18:00:00Z",
      LOG_LEVEL: "debug",
      SHUTDOWN_DELAY: "2s",
      SHUTDOWN_TIMEOUT: "20s",
      ERROR_RATE: "0.25",
      LATENCY: "200ms±50ms",
    });

    expect(result.ok && result.config).toMatchObject({
      port: 9000,
      host: "127.0.0.1",
      version: "1.4.2",
      color: "green",
      commit: "abc123",
      buildTime: "2026-12-03T18:00:00Z",
      logLevel: "debug",
      shutdownDelayMs: 2000,
      shutdownTimeoutMs: 20000,
      errorRate: 0.25,
      latency: { baseMs: 200, jitterMs: 50 },
    });
  });

  it.each([
    ["PORT", "80a", 'invalid PORT="80a": expected an integer port from 0 to 65535'],
    ["PORT", "70000", 'invalid PORT="70000": expected an integer port from 0 to 65535'],
    ["VERSION", "", 'invalid VERSION="": expected a version of letters, digits and . _ + -'],
    ["COLOR", "Blue!", 'invalid COLOR="Blue!": expected a lowercase colour name'],
    ["LOG_LEVEL", "verbose", 'invalid LOG_LEVEL="verbose": expected one of fatal, error, warn'],
    ["SHUTDOWN_DELAY", "5", 'invalid SHUTDOWN_DELAY="5": expected a duration such as 500ms'],
    ["ERROR_RATE", "1.5", 'invalid ERROR_RATE="1.5": expected a number from 0 to 1'],
    ["ERROR_RATE", "-0.1", 'invalid ERROR_RATE="-0.1": expected a number from 0 to 1'],
    ["ERROR_RATE", "10%", 'invalid ERROR_RATE="10%": expected a number from 0 to 1'],
    ["LATENCY", "200", 'invalid LATENCY="200": expected a duration such as 200ms'],
    ["LATENCY", "50ms±60ms", 'invalid LATENCY="50ms±60ms": expected a duration such as 200ms'],
    ["BUILD_TIME", "yesterday", 'invalid BUILD_TIME="yesterday": expected unknown or an ISO'],
    ["COMMIT", "a b", 'invalid COMMIT="a b": expected a commit id of printable characters'],
  ])("rejects %s=%s naming the variable, the value and what is expected", (name, value, line) => {
    const result = loadConfig({ [name]: value });

    expect(result.ok).toBe(false);
    expect(!result.ok && result.problems).toHaveLength(1);
    expect(!result.ok && result.problems[0]).toContain(line);
  });

  it("reports every bad variable, one line each", () => {
    const result = loadConfig({ PORT: "x", ERROR_RATE: "2" });

    expect(!result.ok && result.problems).toEqual([
      'invalid PORT="x": expected an integer port from 0 to 65535',
      'invalid ERROR_RATE="2": expected a number from 0 to 1, such as 0.05',
    ]);
  });

  it("requires the shutdown deadline to leave room after the drain delay", () => {
    const result = loadConfig({ SHUTDOWN_DELAY: "10s", SHUTDOWN_TIMEOUT: "10s" });

    expect(!result.ok && result.problems).toEqual([
      'invalid SHUTDOWN_TIMEOUT="10s": expected a duration longer than SHUTDOWN_DELAY (10s)',
    ]);
  });

  it("ignores the COLOR=0 or 1 that npm puts in the environment of what it runs", () => {
    const underNpm = loadConfig({ COLOR: "0", npm_command: "run-script" });
    const direct = loadConfig({ COLOR: "0" });

    expect(underNpm.ok && underNpm.config.color).toBe("blue");
    expect(direct.ok).toBe(false);
  });

  it("treats LATENCY=0 as no added latency", () => {
    const result = loadConfig({ LATENCY: "0ms" });

    expect(result.ok && result.config.latency).toBeUndefined();
  });
});

describe("durations", () => {
  it.each([
    ["0", 0],
    ["250ms", 250],
    ["1.5s", 1500],
    ["2s", 2000],
  ])("reads %s as %d ms", (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it.each(["", "5", "1m", "-1s", "1 s", "ms"])("rejects %j", (text) => {
    expect(parseDuration(text)).toBeUndefined();
  });

  it("reads jitter in both spellings and refuses jitter above the base", () => {
    expect(parseLatency("200ms")).toEqual({ baseMs: 200, jitterMs: 0 });
    expect(parseLatency("200ms±50ms")).toEqual({ baseMs: 200, jitterMs: 50 });
    expect(parseLatency("1s+-0.5s")).toEqual({ baseMs: 1000, jitterMs: 500 });
    expect(parseLatency("100ms±200ms")).toBeUndefined();
    expect(parseLatency("100ms±50ms±1ms")).toBeUndefined();
  });
});
