import { describe, expect, it } from "vitest";
import { expectNothingLeft, fastSettings, measurements, rehearseFixture } from "./test-support.ts";

describe("a blue-green rehearsal against a real Prometheus", () => {
  it("promotes a healthy release: preview analysis, switch, post-promotion analysis", async () => {
    const result = await rehearseFixture("blue-green");

    expect(result.verdict.outcome).toBe("promoted");
    const runs = result.events.flatMap((e) =>
      e.type === "analysis-end" ? [[e.run, e.phase]] : [],
    );
    expect(runs).toEqual([
      ["pre-promotion", "Successful"],
      ["post-promotion", "Successful"],
    ]);
    const traffic = result.events.flatMap((e) => (e.type === "traffic" ? [e.newWeight] : []));
    expect(traffic.at(-1)).toBe(100);
    expectNothingLeft(result.events);
  }, 90_000);

  it("never switches to a faulty release, aborting in time after preview traffic", async () => {
    const result = await rehearseFixture("blue-green", { scenario: "errors" });

    expect(result.verdict).toMatchObject({ outcome: "aborted", where: "before promotion" });
    const traffic = result.events.flatMap((e) => (e.type === "traffic" ? [e.newWeight] : []));
    expect(traffic).not.toContain(100);

    // Fault onset is the preview Service selecting the new revision.
    const onset = result.verdict.faultOnsetAt ?? Number.NaN;
    const abort = result.events.find((e) => e.type === "verdict")?.at ?? Number.NaN;
    const bound =
      (10_000 + 10_000 * (0 + 1)) / fastSettings.timeScale + 2 * fastSettings.scrapeIntervalMs;
    expect(abort - onset).toBeLessThanOrEqual(bound);
    expectNothingLeft(result.events);
  }, 90_000);

  it("rolls back after promotion when only post-promotion analysis sees the fault", async () => {
    const result = await rehearseFixture("blue-green-post", { set: ["ERROR_RATE=0.1"] });

    expect(result.verdict).toMatchObject({
      outcome: "aborted",
      where: "after promotion (rolled back)",
    });
    const traffic = result.events.flatMap((e) => (e.type === "traffic" ? [e.newWeight] : []));
    expect(traffic).toContain(100);
    expect(traffic.at(-1)).toBe(0);
    expect(measurements(result.events).at(-1)).toMatchObject({
      run: "post-promotion",
      phase: "Failed",
    });
    expectNothingLeft(result.events);
  }, 90_000);
});
