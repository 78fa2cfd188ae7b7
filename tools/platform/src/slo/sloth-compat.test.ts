import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { parseSpecs } from "./load-specs.ts";
import { type AlertingRule, type RecordingRule, ruleGroups } from "./rules.ts";

/**
 * The output Sloth expects for slo1 of its integration test (slok/sloth
 * test/integration/prometheus/testdata/out-base.yaml.tpl), compared fact by fact: group
 * names, recorded series and their labels, the meta formulas, the alert windows and factors.
 */
const text = await readFile(new URL("./testdata/sloth/svc01-slo1.yaml", import.meta.url), "utf8");
const { slos, errors } = parseSpecs([{ file: "slo/slo1.yaml", text }]);
const slo = slos[0];
if (slo === undefined) {
  throw new Error(`the Sloth fixture did not load: ${JSON.stringify(errors)}`);
}
const groups = ruleGroups(slo);
const records = groups.flatMap((g) => g.rules.filter((r): r is RecordingRule => "record" in r));
const alerts = groups.flatMap((g) => g.rules.filter((r): r is AlertingRule => "alert" in r));
const ids = { sloth_id: "svc01-slo1", sloth_service: "svc01", sloth_slo: "slo1" };
const filter = '{sloth_id="svc01-slo1",sloth_service="svc01",sloth_slo="slo1"}';
const squash = (expr: string) => expr.replace(/\s+/g, "");
const record = (name: string) => records.find((r) => r.record === name);

describe("rules for Sloth's slo1, against Sloth's expected output", () => {
  it("names the groups as Sloth does", () => {
    expect(groups.map((g) => g.name)).toEqual([
      "sloth-slo-sli-recordings-svc01-slo1",
      "sloth-slo-meta-recordings-svc01-slo1",
      "sloth-slo-alerts-svc01-slo1",
    ]);
  });

  it("records the SLI over Sloth's windows with Sloth's labels", () => {
    const sli = records.filter((r) => r.record.startsWith("slo:sli_error:ratio_rate"));
    expect(sli.map((r) => r.labels)).toEqual(
      ["5m", "30m", "1h", "2h", "6h", "1d", "3d", "30d"].map((sloth_window) => ({
        ...ids,
        sloth_window,
      })),
    );
    expect(sli.map((r) => r.record)).toEqual(
      ["5m", "30m", "1h", "2h", "6h", "1d", "3d", "30d"].map((w) => `slo:sli_error:ratio_rate${w}`),
    );
  });

  it("records the meta series with Sloth's names, labels and formulas", () => {
    const meta = [
      ["slo:objective:ratio", "vector(0.999)"],
      ["slo:error_budget:ratio", "vector(1-0.999)"],
      ["slo:time_period:days", "vector(30)"],
      [
        "slo:current_burn_rate:ratio",
        `slo:sli_error:ratio_rate5m${filter}/on(sloth_id,sloth_slo,sloth_service)group_left` +
          `slo:error_budget:ratio${filter}`,
      ],
      [
        "slo:period_burn_rate:ratio",
        `slo:sli_error:ratio_rate30d${filter}/on(sloth_id,sloth_slo,sloth_service)group_left` +
          `slo:error_budget:ratio${filter}`,
      ],
      ["slo:period_error_budget_remaining:ratio", `1-slo:period_burn_rate:ratio${filter}`],
    ];
    for (const [name, expr] of meta) {
      expect(record(name ?? "")?.labels).toEqual(ids);
      expect(squash(record(name ?? "")?.expr ?? "")).toBe(expr);
    }
    expect(record("sloth_slo_info")?.labels).toMatchObject({ ...ids, sloth_objective: "99.9" });
  });

  it("alerts on Sloth's window pairs and factors, with sloth_severity", () => {
    const pairs = alerts.slice(0, 2).map((alert) => ({
      severity: alert.labels.sloth_severity,
      windows: [...alert.expr.matchAll(/ratio_rate(\w+)\{[^}]*\} > \(([\d.]+) \*/g)].map(
        (m) => `${m[1]}@${m[2]}`,
      ),
    }));
    expect(pairs).toEqual([
      { severity: "page", windows: ["5m@14.4", "1h@14.4", "30m@6", "6h@6"] },
      { severity: "ticket", windows: ["2h@3", "1d@3", "6h@1", "3d@1"] },
    ]);
    for (const alert of alerts) {
      expect(alert.labels).toMatchObject(ids);
    }
  });
});
