import { describe, expect, it } from "vitest";
import { exitCodeOf } from "./events.ts";
import { expectNothingLeft, rehearseFixture } from "./test-support.ts";

describe("pauses that wait for a human", () => {
  it("stops at a pause without a duration and says so", async () => {
    const result = await rehearseFixture("canary-manual-pause");

    expect(result.verdict).toMatchObject({
      outcome: "paused",
      where: "step 2",
      reason: "pause without a duration waits for a human (--promote-pauses resumes it)",
    });
    expect(exitCodeOf(result.verdict.outcome)).toBe(1);
    expectNothingLeft(result.events);
  }, 90_000);

  it("resumes it with --promote-pauses and promotes", async () => {
    const result = await rehearseFixture("canary-manual-pause", { promotePauses: true });

    expect(result.verdict.outcome).toBe("promoted");
    expect(result.events).toContainEqual(
      expect.objectContaining({
        type: "pause",
        message: "pause without a duration: resumed (--promote-pauses)",
      }),
    );
    expectNothingLeft(result.events);
  }, 90_000);
});
