import { describe, expect, it } from "vitest";
import { expectNothingLeft, fastSettings, measurements, rehearseFixture } from "./test-support.ts";

describe("a canary rehearsal against a real Prometheus", () => {
  it("promotes a healthy release after every step, the new revision at 100%", async () => {
    const result = await rehearseFixture("canary");

    expect(result.verdict.outcome).toBe("promoted");
    const weights = result.events.flatMap((e) => (e.type === "traffic" ? [e.newWeight] : []));
    expect(weights).toEqual([0, 20, 50, 100]);
    const stepRun = measurements(result.events).filter((m) => m.run === "step 3");
    expect(stepRun.map((m) => m.phase)).toEqual(["Successful", "Successful", "Successful"]);
    expect(stepRun[0]?.query).toContain(
      `rollouts_pod_template_hash="${result.revisions[1]?.hash}"`,
    );
    expect(result.series.find((s) => s.role === "new")?.successRate.length).toBeGreaterThan(0);
    expectNothingLeft(result.events);
  }, 90_000);

  it("aborts a release that answers errors at the first measurement that sees them", async () => {
    const result = await rehearseFixture("canary", { scenario: "errors" });

    expect(result.verdict.outcome).toBe("aborted");
    expect(result.verdict.decisive?.metric).toBe("success-rate");
    expect(result.verdict.reason).toMatch(
      /metric success-rate measured \[0\.\d+\] against len\(result\)/,
    );
    const weights = result.events.flatMap((e) => (e.type === "traffic" ? [e.newWeight] : []));
    expect(weights.at(-1)).toBe(0);
    expect(weights).not.toContain(100);

    // The success-rate run starts at step 3: initialDelay 10s, interval 10s, failureLimit 0,
    // all divided by the time scale, plus two scrapes for the errors to reach Prometheus.
    const start = result.events.find((e) => e.type === "analysis-start" && e.run === "step 3");
    const end = result.events.find((e) => e.type === "verdict");
    const bound =
      (10_000 + 10_000 * (0 + 1)) / fastSettings.timeScale + 2 * fastSettings.scrapeIntervalMs;
    expect((end?.at ?? 0) - (start?.at ?? 0)).toBeLessThanOrEqual(bound);
    expectNothingLeft(result.events);
  }, 90_000);

  it("aborts a slow release from the background analysis, during a pause", async () => {
    const result = await rehearseFixture("canary", { scenario: "slow" });

    expect(result.verdict).toMatchObject({ outcome: "aborted", where: "step 2" });
    expect(result.verdict.decisive).toMatchObject({
      run: "background",
      metric: "latency-p95",
      phase: "Failed",
    });
    expectNothingLeft(result.events);
  }, 90_000);
});
