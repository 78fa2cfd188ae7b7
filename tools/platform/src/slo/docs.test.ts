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

describe("the alert table of an SLO whose budget is wide", async () => {
  const latency = await readFile(
    new URL("./testdata/specs/checkout-latency.yaml", import.meta.url),
    "utf8",
  );
  const month = latency.replace("duration: 7d", "duration: 28d");
  const wide = sloDoc(parseSpecs([{ file: "slo/latency.yaml", text: month }]).slos);
  const week = sloDoc(parseSpecs([{ file: "slo/latency.yaml", text: latency }]).slos);

  // A 90% objective pages at 13.44 x 10% = 134% errors over 1h: more than every request
  // failing, so no outage can fire it and no detection time exists.
  it("says a pair whose threshold is above 100% never fires", () => {
    expect(wide).toContain("| 13.44x | 134.4% (never reached) | 2% | never |");
    expect(wide).not.toContain("80.6 minutes");
  });

  it("prints the budget consumed without float noise", () => {
    expect(week).toContain("| 0.233333333333x | 2.33333333333% | 10% | 100.8 minutes |");
  });
});
