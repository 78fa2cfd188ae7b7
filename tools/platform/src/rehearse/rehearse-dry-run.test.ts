import { describe, expect, it } from "vitest";
import { expectNothingLeft, measurements, rehearseFixture } from "./test-support.ts";

describe("dry-run metrics", () => {
  it("measures a dry-run metric that fails and still promotes, as upstream", async () => {
    const result = await rehearseFixture("canary-dry-run", { scenario: "errors", timeScale: 20 });

    const failed = measurements(result.events).filter(
      (event) => event.metric === "success-rate" && event.phase === "Failed",
    );
    expect(failed.length).toBeGreaterThan(0);
    expect(failed.every((event) => event.dryRun)).toBe(true);
    expect(result.events).toContainEqual(
      expect.objectContaining({
        type: "analysis-end",
        phase: "Successful",
        message: "every counted metric succeeded; dry run only: success-rate Failed",
      }),
    );
    expect(result.verdict.outcome).toBe("promoted");
    expectNothingLeft(result.events);
  }, 90_000);
});
