import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { burnAlertsFor } from "./burn-rate.ts";
import { parseSpecs } from "./load-specs.ts";
import { withPeriod } from "./model.ts";
import { ruleGroups } from "./rules.ts";

const factors = (periodSeconds: number) =>
  burnAlertsFor(periodSeconds).flatMap((alert) => alert.windows.map((pair) => pair.factor));

describe("burn-rate factors", () => {
  it("are the SRE workbook's for a 30d period", () => {
    expect(factors(30 * 86_400)).toEqual([14.4, 6, 3, 1]);
  });

  // Sloth's expected output for a 28d SLO (slok/sloth test/integration/prometheus/testdata/
  // out-base-28d.yaml.tpl): the same budget consumed per alert, so other factors.
  it("keep the budget consumed per alert on a 28d period, as Sloth's do", () => {
    expect(factors(28 * 86_400)).toEqual([13.44, 5.6, 2.8, 0.933333333333]);
  });

  it("stay those of the spec's period when a test shortens the period", async () => {
    const text = await readFile(
      new URL("./testdata/specs/checkout-availability.yaml", import.meta.url),
      "utf8",
    );
    const slo = parseSpecs([{ file: "slo/a.yaml", text }]).slos[0];
    if (slo === undefined) {
      throw new Error("the fixture did not load");
    }
    const exprs = (groups: ReturnType<typeof ruleGroups>) =>
      groups.flatMap((group) =>
        group.rules.flatMap((rule) => ("alert" in rule ? [rule.expr] : [])),
      );
    const short = exprs(ruleGroups(withPeriod(slo, "10m", 600)));
    expect(short).toEqual(exprs(ruleGroups(slo)));
    expect(short.join("\n")).toContain("(13.44 * (1 - 0.995))");
  });
});
