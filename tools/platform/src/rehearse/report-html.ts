import type { MeasurementPhase } from "../analysis/index.ts";
import { formatMs } from "./durations.ts";
import { formatEvent } from "./progress.ts";
import type { ReportData } from "./report-data.ts";
import { type ChartSeries, escapeXml, lineChart } from "./svg-chart.ts";

const roleColors = { stable: "#2563eb", new: "#d97706" } as const;
const phaseColors: Record<MeasurementPhase, string> = {
  Successful: "#16a34a",
  Failed: "#dc2626",
  Inconclusive: "#9333ea",
  Error: "#6b7280",
};
const outcomeColors = {
  promoted: "#16a34a",
  aborted: "#dc2626",
  paused: "#9333ea",
  failed: "#6b7280",
};

/**
 * The report as one HTML page with everything inline (styles, SVG charts, data): it opens
 * from disk or as a CI artifact without fetching anything.
 */
export function renderReportHtml(data: ReportData): string {
  const xMaxMs = Math.max(data.durationMs, 1000);
  // The charts start just before the rollout does; before that the processes were starting.
  const firstTraffic = data.events.find((event) => event.type === "traffic")?.at ?? 0;
  const xMinMs = Math.max(0, Math.min(firstTraffic - 1000, xMaxMs - 1000));
  const verdictMarker = data.events.find((event) => event.type === "verdict");
  const markers = [
    ...(data.verdict.faultOnsetAt !== undefined
      ? [{ x: data.verdict.faultOnsetAt, label: "new revision gets traffic", color: "#d97706" }]
      : []),
    ...(verdictMarker
      ? [
          {
            x: verdictMarker.at,
            label: data.verdict.outcome,
            color: outcomeColors[data.verdict.outcome],
          },
        ]
      : []),
  ];
  const perRevision = (
    pick: (s: ReportData["series"][number]) => [number, number][],
  ): ChartSeries[] =>
    data.series.map((series) => ({
      name: `${series.role} ${series.hash}`,
      color: roleColors[series.role],
      points: pick(series),
      // The stable revision's line is drawn wider, so it shows where both revisions agree.
      width: series.role === "stable" ? 5 : 2,
    }));

  const charts = [
    lineChart({
      title: "traffic to the new revision (%)",
      xMinMs,
      xMaxMs,
      yMin: 0,
      yMax: 100,
      formatY: (v) => `${Math.round(v)}%`,
      series: [
        {
          name: "users to the new revision",
          color: roleColors.new,
          points: data.weights,
          stepped: true,
        },
        ...(data.previewWeights.length > 0
          ? [
              {
                name: "preview to the new revision",
                color: "#7c3aed",
                points: data.previewWeights,
                stepped: true,
                dashed: true,
              },
            ]
          : []),
      ],
      markers,
    }),
    lineChart({
      title: "success rate per revision",
      xMinMs,
      xMaxMs,
      yMin: Math.min(0.9, ...data.series.flatMap((s) => s.successRate.map(([, v]) => v))),
      yMax: 1,
      formatY: (v) => `${(v * 100).toFixed(1)}%`,
      series: perRevision((s) => s.successRate),
      markers,
    }),
    lineChart({
      title: "p95 latency per revision (seconds)",
      xMinMs,
      xMaxMs,
      yMin: 0,
      yMax: Math.max(0.1, ...data.series.flatMap((s) => s.p95.map(([, v]) => v))) * 1.1,
      formatY: (v) => `${v.toFixed(2)}s`,
      series: perRevision((s) => s.p95),
      markers,
    }),
    ...metricCharts(data, xMinMs, xMaxMs, markers),
  ];

  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeXml(data.title)}</title>
<style>${styles}</style>
</head>
<body>
<header>
<h1>rehearsal of ${escapeXml(data.rollout.name)} (${escapeXml(data.overlay)})</h1>
${verdictLine(data)}
</header>
${summary(data)}
<section class="charts">
${charts.join("\n")}
</section>
${measurementTable(data)}
<details><summary>every event</summary><pre>${escapeXml(
    data.events.map((event) => formatEvent(event) ?? "").join("\n"),
  )}</pre></details>
<script id="report-data" type="application/json">${embeddedJson(data)}</script>
<script>
document.documentElement.dataset.charts = String(document.querySelectorAll("svg.chart").length);
</script>
</body>
</html>
`;
}

function verdictLine(data: ReportData): string {
  const { outcome, where, reason } = data.verdict;
  return (
    `<p class="verdict" style="border-color:${outcomeColors[outcome]}">` +
    `<strong>${escapeXml(outcome)}</strong> ${escapeXml(where)}: ${escapeXml(reason)}</p>`
  );
}

/** The report's data for scripts, with "<" escaped so no string in it can close the tag. */
function embeddedJson(data: ReportData): string {
  return JSON.stringify(data).replaceAll("<", "\\u003c");
}

function metricCharts(
  data: ReportData,
  xMinMs: number,
  xMaxMs: number,
  markers: { x: number; label: string; color: string }[],
): string[] {
  const byMetric = new Map<string, ReportData["measurements"]>();
  for (const measurement of data.measurements) {
    const key = `${measurement.run} / ${measurement.metric}`;
    byMetric.set(key, [...(byMetric.get(key) ?? []), measurement]);
  }
  return [...byMetric.entries()].map(([name, measurements]) => {
    const values = measurements.flatMap((m) =>
      m.numeric !== undefined && Number.isFinite(m.numeric) ? [m.numeric] : [],
    );
    const threshold = measurements.find((m) => m.threshold !== undefined)?.threshold;
    const all = [...values, ...(threshold === undefined ? [] : [threshold])];
    const yMax = Math.max(...all, 0) * 1.1 || 1;
    const yMin = Math.min(0, ...all);
    const series: ChartSeries[] =
      threshold === undefined
        ? []
        : [
            {
              name: `threshold ${threshold}`,
              color: "#dc2626",
              points: [
                [0, threshold],
                [xMaxMs, threshold],
              ],
              dashed: true,
            },
          ];
    return lineChart({
      title: `${name}: ${measurements[0]?.condition ?? ""}`,
      xMinMs,
      xMaxMs,
      yMin,
      yMax,
      formatY: (v) => (Math.abs(v) >= 10 ? v.toFixed(0) : v.toFixed(3)),
      series,
      dots: measurements.map((m) => ({
        x: m.at,
        y: m.numeric !== undefined && Number.isFinite(m.numeric) ? m.numeric : yMin,
        color: phaseColors[m.phase],
        title: `${formatMs(m.at)} ${m.value || m.message} ${m.phase}`,
      })),
      markers,
    });
  });
}

function summary(data: ReportData): string {
  const env = Object.entries(data.newRevisionEnv)
    .map(([key, value]) => `${key}=${value}`)
    .join(" ");
  const rows: [string, string][] = [
    [
      "strategy",
      `${data.rollout.strategy} in ${data.rollout.namespace}: ${data.rollout.steps.join(" → ")}`,
    ],
    ["scenario", `${data.scenario}${env ? ` (new revision: ${env})` : ""}`],
    [
      "revisions",
      data.revisions.map((r) => `${r.role} ${r.hash} (version ${r.version})`).join(", "),
    ],
    [
      "time",
      `${formatMs(data.durationMs)} on this machine; ` +
        `pauses, intervals and delays divided by ${data.timeScale}`,
    ],
    ["scrapes", `every ${data.scrapeIntervalMs}ms`],
    [
      "load",
      `${data.load.sent} requests sent, ${data.load.answered} answered, ${data.load.failed} failed`,
    ],
    ...data.notes.map((note): [string, string] => ["note", note]),
  ];
  return `<table class="summary">${rows
    .map(([key, value]) => `<tr><th>${escapeXml(key)}</th><td>${escapeXml(value)}</td></tr>`)
    .join("")}</table>`;
}

function measurementTable(data: ReportData): string {
  const rows = data.measurements
    .map(
      (m) =>
        `<tr><td>${formatMs(m.at)}</td><td>${escapeXml(m.run)}</td>` +
        `<td>${escapeXml(m.metric)}</td><td>${escapeXml(m.value || "-")}</td>` +
        `<td style="color:${phaseColors[m.phase]}">${m.phase}</td>` +
        `<td>${escapeXml(m.phase === "Error" ? m.message : m.condition)}</td></tr>`,
    )
    .join("");
  return (
    '<h2>measurements</h2><table class="measurements">' +
    "<tr><th>at</th><th>run</th><th>metric</th><th>value</th><th>phase</th>" +
    `<th>condition or error</th></tr>${rows}</table>`
  );
}

const measurementCellStyle =
  "border-bottom: 1px solid #e5e7eb; font-variant-numeric: tabular-nums;";

const styles = `
body { font: 14px/1.45 system-ui, sans-serif; margin: 24px; color: #111827; max-width: 1500px; }
h1 { font-size: 20px; margin: 0 0 8px; }
h2 { font-size: 16px; margin-top: 24px; }
.verdict { border-left: 6px solid; padding: 6px 10px; background: #f9fafb; }
table { border-collapse: collapse; margin: 12px 0; }
th, td { text-align: left; padding: 3px 10px 3px 0; vertical-align: top; }
.measurements td, .measurements th { ${measurementCellStyle} }
.charts { display: flex; flex-wrap: wrap; gap: 12px; }
svg.chart { background: #fff; border: 1px solid #e5e7eb; max-width: 100%; height: auto; }
svg .title { font-size: 13px; font-weight: 600; }
svg .grid { stroke: #f3f4f6; }
svg .ytick { font-size: 11px; text-anchor: end; dominant-baseline: middle; fill: #6b7280; }
svg .xtick { font-size: 11px; text-anchor: middle; fill: #6b7280; }
svg .legend { font-size: 11px; fill: #374151; }
svg .line { fill: none; stroke-opacity: 0.85; }
svg .dashed { stroke-dasharray: 6 4; stroke-width: 1.5; }
svg .marker { stroke-dasharray: 3 3; }
svg .marker-label { font-size: 10px; }
pre { font-size: 12px; overflow-x: auto; }
`;
