import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { sloDoc } from "./docs.ts";
import { parseSpecs } from "./load-specs.ts";

const text = await readFile(
  new URL("./testdata/specs/checkout-availability.yaml", import.meta.url),
  "utf8",
);
const { slos } = parseSpecs([{ file: "slo/checkout-availability.yaml", text }]);
const doc = sloDoc(slos);

describe("docs/slo.md", () => {
  it("states where the period ratio deliberately differs from Sloth's", () => {
    expect(doc).toContain("Sloth records the period ratio as the average");
    expect(doc).toContain("the period ratio sums the counters over the period");
    expect(doc).toContain("(`or vector(0)`), where Sloth's ratio would have no value");
  });

  it("lists the OpenSLO fields read and those refused", () => {
    expect(doc).toContain("## What a spec may say");
    for (const field of ["spec.indicatorRef", "thresholdMetric", "Timeslices", "targetPercent"]) {
      expect(doc).toContain(field);
    }
  });
});
