import { describe, expect, it } from "vitest";
import { expectNothingLeft, measurements, rehearseFixture } from "./test-support.ts";

describe("a rehearsal when its parts fail", () => {
  it("aborts after consecutiveErrorLimit Error measurements from a dead Prometheus", async () => {
    let killed = false;
    const result = await rehearseFixture("blue-green", {
      onEvent: (event, { prometheus }) => {
        if (!killed && event.type === "measurement" && event.run === "pre-promotion") {
          killed = true;
          void prometheus?.kill("SIGKILL");
        }
      },
    });

    expect(result.verdict.outcome).toBe("aborted");
    const phases = measurements(result.events).map((m) => m.phase);
    // One good measurement, then consecutiveErrorLimit (4, the default) + 1 errors in a row.
    expect(phases).toEqual(["Successful", "Error", "Error", "Error", "Error", "Error"]);
    expect(result.events).toContainEqual(
      expect.objectContaining({ type: "analysis-end", run: "pre-promotion", phase: "Error" }),
    );
    expect(result.events.some((e) => e.type === "traffic" && e.newWeight > 0)).toBe(false);
    expectNothingLeft(result.events);
  }, 90_000);

  it("reports a demo-app process that dies, stops at once, and leaves nothing behind", async () => {
    let newRevisionPid: number | undefined;
    let killedAt = 0;
    const result = await rehearseFixture("canary", {
      onEvent: (event) => {
        if (event.type === "setup" && event.message.startsWith("new revision")) {
          newRevisionPid = event.pid;
        }
        if (event.type === "step" && event.index === 1 && newRevisionPid !== undefined) {
          killedAt = Date.now();
          process.kill(newRevisionPid, "SIGKILL");
        }
      },
    });

    expect(result.verdict.outcome).toBe("failed");
    expect(result.verdict.reason).toMatch(/demo-app new \(\w+\) exited unexpectedly \(SIGKILL\)/);
    expect(Date.now() - killedAt).toBeLessThan(10_000);
    expect(result.events.some((e) => e.type === "child-exit")).toBe(true);
    expectNothingLeft(result.events);
  }, 90_000);

  it("stops everything when cancelled, as Ctrl-C does", async () => {
    const controller = new AbortController();
    const result = await rehearseFixture("canary", {
      signal: controller.signal,
      onEvent: (event) => {
        if (event.type === "pause") {
          controller.abort();
        }
      },
    });

    expect(result.verdict).toMatchObject({ outcome: "failed", reason: "cancelled" });
    expectNothingLeft(result.events);
  }, 90_000);
});
