import { describe, expect, it } from "vitest";
import { parseCondition, parseGoDuration } from "../analysis/index.ts";
import { parsePauseDuration, scaleQueryWindows } from "./durations.ts";
import { conditionThreshold } from "./threshold.ts";

describe("durations", () => {
  it.each([
    ["30s", 30_000],
    ["1m30s", 90_000],
    ["500ms", 500],
    ["1h", 3_600_000],
    ["0", 0],
    ["1.5h", 5_400_000],
    [".5s", 500],
    ["1.s", 1000],
    ["+2m", 120_000],
    ["-1s", -1000],
    ["1h0m0.5s", 3_600_500],
  ])("reads the Go duration %s", (text, ms) => {
    expect(parseGoDuration(text)).toBe(ms);
  });

  it("rejects what Go would reject", () => {
    expect(parseGoDuration("30")).toBeUndefined();
    expect(parseGoDuration("1d")).toBeUndefined();
    expect(parseGoDuration("s")).toBeUndefined();
    expect(parseGoDuration("")).toBeUndefined();
    expect(parseGoDuration("-")).toBeUndefined();
    expect(parseGoDuration(".s")).toBeUndefined();
    expect(parseGoDuration("1m 30s")).toBeUndefined();
    expect(parseGoDuration("5M")).toBeUndefined();
  });

  it("reads pause durations as upstream: numbers are seconds, durations cut to seconds", () => {
    expect(parsePauseDuration(30)).toBe(30_000);
    expect(parsePauseDuration("45")).toBe(45_000);
    expect(parsePauseDuration("2m")).toBe(120_000);
    expect(parsePauseDuration("1m30s")).toBe(90_000);
    expect(parsePauseDuration("1500ms")).toBe(1000);
    expect(parsePauseDuration("+5")).toBe(5000);
    expect(parsePauseDuration("-500ms")).toBe(0);
    expect(parsePauseDuration(-1)).toBeUndefined();
    expect(parsePauseDuration("-1")).toBeUndefined();
    expect(parsePauseDuration("-2s")).toBeUndefined();
    expect(parsePauseDuration("soon")).toBeUndefined();
    expect(parsePauseDuration(1.5)).toBeUndefined();
  });

  it("scales query windows only when asked, never below the floor", () => {
    const query = 'sum(rate(x{a="b"}[5m])) / sum(rate(x[1m]))';
    expect(scaleQueryWindows(query, 10, 2000)).toBe(
      'sum(rate(x{a="b"}[30000ms])) / sum(rate(x[6000ms]))',
    );
    expect(scaleQueryWindows("rate(x[10s])", 10, 2000)).toBe("rate(x[2000ms])");
  });
});

describe("conditionThreshold", () => {
  const threshold = (text: string) => {
    const parsed = parseCondition(text);
    return parsed.ok ? conditionThreshold(parsed.ast) : Number.NaN;
  };

  it("finds the number a guarded condition compares the result with", () => {
    expect(threshold("len(result) > 0 && !isNaN(result[0]) && result[0] >= 0.99")).toBe(0.99);
    expect(threshold("result < 0.5")).toBe(0.5);
    expect(threshold("0.1 > result[0]")).toBe(0.1);
    expect(threshold("len(result) == 0")).toBeUndefined();
  });
});
