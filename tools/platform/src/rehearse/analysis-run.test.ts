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

  it("says how many measurements went wrong when it is stopped within its limits", async () => {
    let count = 0;
    let stop: () => void = () => undefined;
    const run = new AnalysisRun({
      name: "background",
      spec: {
        ...spec,
        metrics: spec.metrics.map((metric) => ({ ...metric, intervalMs: 10, initialDelayMs: 0 })),
      },
      args: {},
      timeScale: 1,
      query: () => Promise.reject(new Error("connection refused")),
      onMeasurement: () => {
        count++;
        if (count === 2) {
          stop();
        }
      },
    });
    stop = () => run.terminate();

    expect(await run.outcome).toMatchObject({
      phase: "Successful",
      message:
        "terminated within its limits (upstream counts that as Successful); " +
        "2 of 2 measurements were not Successful",
    });
  });
});
