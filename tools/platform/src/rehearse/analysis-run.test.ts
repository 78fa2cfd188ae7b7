import { describe, expect, it } from "vitest";
import { AnalysisRun } from "./analysis-run.ts";
import type { AnalysisSpec } from "./model.ts";

const spec: AnalysisSpec = {
  templates: ["success-rate"],
  templateArgs: [],
  rolloutArgs: [],
  metrics: [
    {
      name: "success-rate",
      template: "success-rate",
      intervalMs: 60_000,
      initialDelayMs: 60_000,
      count: undefined,
      failureLimit: 0,
      inconclusiveLimit: 0,
      consecutiveErrorLimit: 4,
      query: "vector(1)",
      address: "",
      timeoutMs: 1000,
      dryRun: false,
    },
  ],
};

describe("AnalysisRun", () => {
  it("says a run stopped before its first measurement, as upstream: Successful", async () => {
    const run = new AnalysisRun({
      name: "background",
      spec,
      args: {},
      timeScale: 1,
      query: () => Promise.reject(new Error("no measurement is due before the initial delay")),
      onMeasurement: () => undefined,
    });
    run.terminate();

    expect(await run.outcome).toEqual({
      phase: "Successful",
      message: "terminated before any measurement (upstream counts that as Successful)",
      decisive: undefined,
    });
  });
});
