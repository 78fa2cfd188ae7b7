import type * as cog from "@grafana/grafana-foundation-sdk/cog";
import {
  LegendDisplayMode,
  LegendPlacement,
  VizLegendOptionsBuilder,
} from "@grafana/grafana-foundation-sdk/common";
import {
  type Dashboard,
  DashboardBuilder,
  DatasourceVariableBuilder,
} from "@grafana/grafana-foundation-sdk/dashboard";
import { DataqueryBuilder } from "@grafana/grafana-foundation-sdk/prometheus";
import { PanelBuilder as StatPanelBuilder } from "@grafana/grafana-foundation-sdk/stat";
import { PanelBuilder as TimeseriesPanelBuilder } from "@grafana/grafana-foundation-sdk/timeseries";

/** Every panel reads the Prometheus chosen in the dashboard's `datasource` variable. */
export const datasourceVariable = "datasource";
export const datasource = { type: "prometheus", uid: `\${${datasourceVariable}}` };

/** A panel's queries as the end-to-end test replays them: PromQL and its legend. */
export interface PanelQuery {
  expr: string;
  legend: string;
}

export function newDashboard(uid: string, title: string, description: string): DashboardBuilder {
  return new DashboardBuilder(title)
    .uid(uid)
    .description(description)
    .tags(["slo", "generated"])
    .editable()
    .refresh("1m")
    .time({ from: "now-6h", to: "now" })
    .timezone("browser")
    .withVariable(
      new DatasourceVariableBuilder(datasourceVariable).label("Prometheus").type("prometheus"),
    );
}

function targets(queries: PanelQuery[]): cog.Builder<cog.Dataquery>[] {
  return queries.map((query, index) =>
    new DataqueryBuilder()
      .refId(String.fromCharCode(65 + index))
      .expr(query.expr)
      .legendFormat(query.legend)
      .datasource(datasource),
  );
}

export function timeseries(title: string, unit: string, queries: PanelQuery[], width = 12) {
  return new TimeseriesPanelBuilder()
    .title(title)
    .datasource(datasource)
    .unit(unit)
    .span(width)
    .height(8)
    .legend(
      new VizLegendOptionsBuilder()
        .showLegend(true)
        .displayMode(LegendDisplayMode.List)
        .placement(LegendPlacement.Bottom),
    )
    .targets(targets(queries));
}

export function stat(title: string, unit: string, queries: PanelQuery[], width = 4) {
  return new StatPanelBuilder()
    .title(title)
    .datasource(datasource)
    .unit(unit)
    .span(width)
    .height(5)
    .targets(targets(queries));
}

/** The JSON Grafana imports, as committed under docs/dashboards. */
export function toJson(dashboard: Dashboard): string {
  return `${JSON.stringify(dashboard, null, 2)}\n`;
}

/** Every query of every panel, rows included, for the test that runs them. */
export function panelQueries(dashboard: Dashboard): { title: string; expr: string }[] {
  const found: { title: string; expr: string }[] = [];
  const visit = (panel: { title?: string; targets?: unknown[]; panels?: unknown[] }) => {
    for (const target of panel.targets ?? []) {
      const expr = (target as { expr?: string }).expr;
      if (expr !== undefined) {
        found.push({ title: panel.title ?? "", expr });
      }
    }
    for (const inner of panel.panels ?? []) {
      visit(inner as typeof panel);
    }
  };
  for (const panel of dashboard.panels ?? []) {
    visit(panel as { title?: string; targets?: unknown[]; panels?: unknown[] });
  }
  return found;
}
