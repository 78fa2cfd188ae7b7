import { type Dashboard, RowBuilder } from "@grafana/grafana-foundation-sdk/dashboard";
import type { Slo } from "../model.ts";
import { dashboards, series, sloLabels } from "../names.ts";
import { sloFilter } from "../queries.ts";
import { newDashboard, stat } from "./panels.ts";

/** One row per SLO: objective, what was achieved over the period, budget left, burn now. */
export function sloOverview(slos: Slo[]): Dashboard {
  const { uid, title } = dashboards.sloOverview;
  const builder = newDashboard(uid, title, "Every SLO at a glance, from the generated rules.");

  for (const slo of slos) {
    const filter = sloFilter(slo);
    const legend = `{{${sloLabels.slo}}}`;
    builder
      .withRow(new RowBuilder(`${slo.displayName} (${slo.period})`))
      .withPanel(
        stat("Objective", "percentunit", [{ expr: `${series.objective}${filter}`, legend }]),
      )
      .withPanel(
        stat(`SLI over ${slo.period}`, "percentunit", [
          { expr: `1 - ${series.sliErrorRatio(slo.period)}${filter}`, legend },
        ]),
      )
      .withPanel(
        stat("Error budget remaining", "percentunit", [
          { expr: `${series.periodBudgetRemaining}${filter}`, legend },
        ]),
      )
      .withPanel(
        stat("Burn rate now (5m)", "none", [
          { expr: `${series.currentBurnRate}${filter}`, legend },
        ]),
      )
      .withPanel(
        stat(`Burn rate over ${slo.period}`, "none", [
          { expr: `${series.periodBurnRate}${filter}`, legend },
        ]),
      )
      .withPanel(
        stat("Firing SLO alerts", "none", [
          {
            expr: `count(ALERTS{${sloLabels.id}="${slo.id}",alertstate="firing"}) or vector(0)`,
            legend: "alerts",
          },
        ]),
      );
  }
  return builder.build();
}
