import { type Dashboard, RowBuilder } from "@grafana/grafana-foundation-sdk/dashboard";
import type { Slo } from "../model.ts";
import { dashboards, series, sloLabels } from "../names.ts";
import { sloFilter } from "../queries.ts";
import { newDashboard, timeseries } from "./panels.ts";

/** Per SLO: the budget left over time, and how fast each alert window burns it. */
export function errorBudget(slos: Slo[]): Dashboard {
  const { uid, title } = dashboards.errorBudget;
  const builder = newDashboard(
    uid,
    title,
    "Error budget remaining and burn rates per window; " +
      "1 means the budget lasts exactly the period.",
  );

  for (const slo of slos) {
    const filter = sloFilter(slo);
    const on = `on(${sloLabels.id}) group_left`;
    const allWindows = `{__name__=~"${series.sliErrorRatio(".+")}",${filter.slice(1)}`;
    builder
      .withRow(new RowBuilder(`${slo.displayName} (${slo.period})`))
      .withPanel(
        timeseries("Error budget remaining", "percentunit", [
          { expr: `${series.periodBudgetRemaining}${filter}`, legend: "remaining" },
        ]),
      )
      .withPanel(
        timeseries("Burn rate per window", "none", [
          {
            expr: `${allWindows} / ${on} ${series.errorBudget}${filter}`,
            legend: `{{${sloLabels.window}}}`,
          },
        ]),
      )
      .withPanel(
        timeseries(
          "SLI (5m)",
          "percentunit",
          [
            { expr: `1 - ${series.sliErrorRatio("5m")}${filter}`, legend: "SLI" },
            { expr: `${series.objective}${filter}`, legend: "objective" },
          ],
          24,
        ),
      );
  }
  return builder.build();
}
