import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readRollout } from "./read-rollout.ts";
import { overlayFolder, renderOverlay } from "./render-overlay.ts";
import { expectNothingLeft, rehearseFixture, repoRoot } from "./test-support.ts";

// The demo app's own overlays, as Argo CD would apply them: whatever they change, they must
// stay within what the rehearsal understands, and the production gate must stop a bad release.
describe("the repository's overlays", () => {
  it.each([
    ["staging", "canary"],
    ["production", "blueGreen"],
  ])("%s renders into a %s Rollout the rehearsal can run", async (overlay, kind) => {
    const objects = await renderOverlay(overlayFolder(overlay, repoRoot), repoRoot);
    expect(readRollout(objects).strategy.kind).toBe(kind);
  });

  it("production aborts a release that answers errors, before promotion", async () => {
    const result = await rehearseFixture("", {
      overlay: join(repoRoot, "applications/demo-app/k8s/overlays/production"),
      scenario: "errors",
      timeScale: 20,
      scrapeIntervalMs: 1000,
    });

    expect(result.verdict).toMatchObject({ outcome: "aborted", where: "before promotion" });
    expect(result.events.some((e) => e.type === "traffic" && e.newWeight > 0)).toBe(false);
    expectNothingLeft(result.events);
  }, 90_000);
});
