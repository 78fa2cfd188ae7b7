import { describe, expect, it } from "vitest";
import { parseCpu, parseMemory } from "./quantity.ts";

describe("resource quantities", () => {
  it("reads CPU in millicores from millicore and core notations", () => {
    expect(parseCpu("50m", "x")).toBe(50);
    expect(parseCpu("0.5", "x")).toBe(500);
    expect(parseCpu(2, "x")).toBe(2000);
  });

  it("reads memory in bytes from binary and decimal suffixes", () => {
    expect(parseMemory("128Mi", "x")).toBe(128 * 2 ** 20);
    expect(parseMemory("100M", "x")).toBe(100_000_000);
    expect(parseMemory("1Gi", "x")).toBe(2 ** 30);
    expect(parseMemory(1024, "x")).toBe(1024);
  });

  it("names the place and the value it could not read", () => {
    expect(() => parseCpu("half", "values.yaml: resources.requests.cpu")).toThrow(
      "values.yaml: resources.requests.cpu: " +
        'expected a CPU quantity such as 50m or 0.5, found "half"',
    );
    expect(() => parseMemory("12 MB", "f: m")).toThrow('found "12 MB"');
  });
});
