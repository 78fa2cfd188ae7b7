import { absentFor, budgetConsumed, burnAlertsFor, outageDetectionSeconds } from "./burn-rate.ts";
import { describeDuration, parseDuration } from "./duration.ts";
import { formatPercent, generatedNotice } from "./format.ts";
import type { Slo } from "./model.ts";
import {
  alertNames,
  alertRoutingName,
  dashboards,
  paths,
  receivers,
  runbookPaths,
  series,
  severities,
  sloLabels,
} from "./names.ts";
import { absentExpr, errorBudgetExpr, sliErrorRatio } from "./queries.ts";

/** docs/slo.md: every SLI with its query, every SLO, and the alert table. */
export function sloDoc(slos: Slo[]): string {
  const parts = [
    `<!-- ${generatedNotice} -->`,
    "# Service level objectives",
    "",
    `The specs in \`${paths.specs}/\` (OpenSLO v1 SLO documents, with their SLI inline or in an`,
    "SLI document they name) are the single source of the recording rules, alerts and",
    "dashboards below. `platform slo generate` writes them and",
    "`platform slo check` fails when a committed file differs from what the specs produce.",
    "",
    "| SLO | service | objective | period | error budget | spec |",
    "|---|---|---|---|---|---|",
    ...slos.map(
      (slo) =>
        `| ${slo.displayName} | ${slo.service} ` +
        `| ${formatPercent(slo.objective)}% | ${slo.period} ` +
        `| ${formatPercent(1 - slo.objective)}% of requests | \`${slo.file}\` |`,
    ),
    "",
    ...slos.flatMap(sloSection),
    ...howTheNumbersAreMade(),
    ...specSubsetSection(),
    ...alertSection(slos),
    ...proofSection(),
    ...outputSection(),
  ];
  return `${parts.join("\n").trimEnd()}\n`;
}

function sloSection(slo: Slo): string[] {
  const { kind, events, total } = slo.indicator;
  return [
    `## ${slo.displayName}`,
    "",
    slo.description,
    "",
    `- ${kind === "bad" ? "Bad" : "Good"} events: \`${events}\``,
    `- All events: \`${total}\``,
    `- Labels on its series: \`${sloLabels.id}="${slo.id}"\`, ` +
      `\`${sloLabels.service}="${slo.service}"\`, ` +
      `\`${sloLabels.slo}="${slo.name}"\``,
    "",
    "SLI error ratio over a window, here 5m (recorded as " +
      `\`${series.sliErrorRatio("5m")}\`, and likewise for every other window):`,
    "",
    "```promql",
    sliErrorRatio(slo, "5m"),
    "```",
    "",
    `Error budget remaining over the ${slo.period} period ` +
      `(\`${series.periodBudgetRemaining}\`): ` +
      `\`1 - ${series.sliErrorRatio(slo.period)} / ${errorBudgetExpr(slo)}\`.`,
    "",
  ];
}

function howTheNumbersAreMade(): string[] {
  return [
    "## How the numbers are made",
    "",
    "- Every window's ratio sums the counters over the whole window and divides once, so each",
    "  request weighs the same (a quiet hour does not count as much as a busy one). No ratio of",
    "  ratios, no average of short windows.",
    `- Burn rate = error ratio / error budget: 1 spends the budget exactly over the period.`,
    "- Budget remaining = 1 - period burn rate; below 0 the SLO is missed for the period.",
    "- Series and label names follow Sloth's (`slo:sli_error:ratio_rate<window>`, `sloth_id`,",
    "  `sloth_service`, `sloth_slo`, `sloth_window`), so dashboards made for Sloth read them.",
    "  `sloth_id` is `<service>-<slo>`, as Sloth writes it.",
    "- Deliberate differences from Sloth's output: Sloth records the period ratio as the average",
    "  of its 5m ratios (`sum_over_time` / `count_over_time`), which weighs a quiet 5 minutes",
    "  like a busy one; here the period ratio sums the counters over the period, as every other",
    "  window does. The alerts join their windows with `and ignoring (sloth_window)` where Sloth",
    "  writes `max(...) without (sloth_window)`: the same result for the one series each SLO",
    "  records. `sloth_slo_info` carries `sloth_objective` but not `sloth_mode` or `sloth_spec`.",
    "  A bad-events counter with no series yet (a service that never failed) counts as 0",
    "  (`or vector(0)`), where Sloth's ratio would have no value until the first error.",
    "",
  ];
}

function specSubsetSection(): string[] {
  return [
    "## What a spec may say",
    "",
    "The generator reads this part of OpenSLO v1 and refuses the rest with an error naming",
    "the file and field, so no spec turns silently into rules that mean something else.",
    "",
    "- Documents: `kind: SLO` and `kind: SLI`, one or several per file (separated by `---` or",
    "  as a list). An SLO takes its SLI inline (`spec.indicator`) or names an SLI document in",
    `  \`${paths.specs}/\` with \`spec.indicatorRef\`. Other kinds (Service, DataSource,`,
    "  AlertPolicy, AlertCondition, AlertNotificationTarget) are refused: the burn-rate and",
    "  absent-data alerts are generated for every SLO, and `spec.alertPolicies` must be empty.",
    "- SLI: `ratioMetric` with `counter: true`, exactly one of `good` or `bad`, and `total`, each",
    "  a `metricSource` of `type: Prometheus` whose `spec.query` is a plain series selector on",
    "  the labels of the scrape contract. Refused: `thresholdMetric`, `ratioMetric.raw` (a",
    "  precomputed ratio cannot be weighted by requests), other source types.",
    "- `spec.budgetingMethod: Occurrences`; `Timeslices` and `RatioTimeslices` are refused.",
    "- `spec.timeWindow`: one rolling window (`isRolling: true`, a duration such as 30d or 4w,",
    "  at least the longest alert window, 3d); calendar-aligned windows and months (`1M`) are",
    "  refused.",
    "- `spec.objectives`: one or more, each with `target` (0 to 1) or `targetPercent` (0 to",
    "  100). Several objectives become one SLO each, numbered `<slo>-<index>` as Sloth numbers",
    "  them; an objective with its own indicator (a composite SLO) is refused.",
    "- `metadata.name` and `spec.service`: lowercase DNS-style names.",
    "",
  ];
}

function alertSection(slos: Slo[]): string[] {
  const rows: string[] = [];
  for (const slo of slos) {
    const budget = 1 - slo.objective;
    for (const alert of burnAlertsFor(slo.alertPeriodSeconds)) {
      for (const pair of alert.windows) {
        const longSeconds = parseDuration(pair.long) ?? 0;
        // The factor is rounded to 12 digits, so the share it spends is shown to 10.
        const consumed = budgetConsumed(pair.factor, longSeconds, slo.periodSeconds);
        const shown = Number(consumed.toPrecision(10));
        // Above 100% errors no traffic can cross the threshold: the pair never fires.
        const threshold = pair.factor * budget;
        const never = threshold >= 1;
        const detection = never ? "never" : describeDuration(outageDetectionSeconds(pair, budget));
        rows.push(
          `| ${slo.displayName} | \`${alert.name}\` | ${alert.severity} ` +
            `| ${pair.long} / ${pair.short} ` +
            `| ${pair.factor}x | ${formatPercent(threshold)}%${never ? " (never reached)" : ""} ` +
            `| ${formatPercent(shown)}% | ${detection} |`,
        );
      }
    }
  }
  return [
    "## Alerts",
    "",
    'Multi-window, multi-burn-rate alerts (the SRE workbook, chapter "Alerting on SLOs"): an',
    "alert fires when both its long and its short window burn faster than the factor; the short",
    "window (1/12 of the long one) lets it resolve soon after the burn stops. Budget consumed is",
    "the share of the period's budget spent by the time the long window alone would fire at",
    "that rate; detection time is how long a total outage (every request failing) takes to fire",
    "it from a clean history, before the rule evaluation interval is added. The factors are",
    "scaled to each SLO's period, as Sloth scales them, so every alert spends the same share",
    "of the budget (2%, 5%, 10%, 10%) whatever the period: 14.4x, 6x, 3x and 1x over 30 days.",
    "",
    "| SLO | alert | severity | long / short window | burn factor | error ratio threshold " +
      "| budget consumed | total outage detected after |",
    "|---|---|---|---|---|---|---|---|",
    ...rows,
    "",
    `\`${alertNames.dataAbsent}\` (${severities.page}) fires when no series match an SLO's`,
    `total-events selector for ${absentFor} (\`${absentExpr(slosFirst(slos))}\` for the first`,
    "SLO): without data the burn-rate alerts cannot fire, so silence must not look healthy.",
    "",
    "Runbooks:",
    "",
    ...Object.entries(runbookPaths).map(
      ([name, path]) => `- \`${name}\`: [${path}](${path.replace(/^docs\//, "")})`,
    ),
    "",
    "Routing: the `severity` label carries `page` or `ticket`. The AlertmanagerConfig",
    `\`${alertRoutingName}\` sends pages to the receiver \`${receivers.page}\` (repeated every`,
    `hour) and tickets to \`${receivers.ticket}\` (repeated daily); a page inhibits the ticket of`,
    "the same SLO. kube-prometheus-stack reads it as the Alertmanager's top-level configuration",
    "with the value `alertmanager.alertmanagerSpec.alertmanagerConfiguration.name:",
    `${alertRoutingName}\`. The receivers have no integrations in the repository: attach a`,
    "pager and a ticket queue there, with credentials from a Secret.",
    "",
  ];
}

function slosFirst(slos: Slo[]): Slo {
  const [first] = slos;
  if (first === undefined) {
    throw new Error("no SLOs");
  }
  return first;
}

function proofSection(): string[] {
  return [
    "## How it is proven",
    "",
    "- `promtool test rules` runs every SLO's rules on synthetic series: a total outage pages at",
    "  the first evaluation after the detection time above (not one step earlier) with every",
    "  recorded series at its computed value; a burn at 1.2x opens a ticket after 3d / 1.2 = 60 h",
    "  and never pages; an SLO without series fires the absent alert after its `for`; traffic at",
    "  half the sustainable burn fires nothing over four days",
    "  (`tools/platform/src/slo/promtool.test.ts`).",
    "- A real Prometheus on loopback scrapes the real demo app, with the rules generated for a",
    "  10-minute period, while a load generator counts every answer it gets: the recorded",
    "  budget remaining matches the budget computed from those counts within 0.5 percentage",
    "  points, no alert fires, and every dashboard query returns data",
    "  (`tools/platform/src/slo/end-to-end.test.ts`).",
    "- Golden files under `tools/platform/src/slo/testdata/` pin the output for a given spec.",
    "",
  ];
}

function outputSection(): string[] {
  return [
    "## Generated files",
    "",
    `- \`${paths.manifests}/\`: one PrometheusRule per SLO ` +
      "(label `release: kube-prometheus-stack`),",
    '  the AlertmanagerConfig, the dashboards as ConfigMaps labelled `grafana_dashboard: "1"`,',
    "  and the `kustomization.yaml` listing them.",
    ...Object.values(dashboards).map(
      (d) => `- \`${paths.dashboards}/${d.file}\`: the Grafana dashboard "${d.title}".`,
    ),
    "",
  ];
}
