/** A line of a chart: points as [x, y], x in milliseconds. */
export interface ChartSeries {
  name: string;
  color: string;
  points: readonly [number, number][];
  /** Hold each value until the next point (weights change in steps). */
  stepped?: boolean;
  dashed?: boolean;
  /** Stroke width; a wider line drawn first stays visible under an equal one. */
  width?: number;
}

export interface ChartDot {
  x: number;
  y: number;
  color: string;
  title: string;
}

export interface ChartOptions {
  title: string;
  /** The x axis spans [xMinMs, xMaxMs]. */
  xMinMs: number;
  xMaxMs: number;
  yMin: number;
  yMax: number;
  formatY: (value: number) => string;
  series: readonly ChartSeries[];
  dots?: readonly ChartDot[];
  /** Vertical lines, e.g. the verdict. */
  markers?: readonly { x: number; label: string; color: string }[];
}

const width = 720;
const height = 220;
const margin = { top: 44, right: 16, bottom: 30, left: 56 };

/** Escapes text for HTML and SVG. */
export function escapeXml(text: string): string {
  return text
    .replaceAll("&", "&amp;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;");
}

/** A self-contained SVG line chart: axes, ticks, a legend, lines, dots and markers. */
export function lineChart(options: ChartOptions): string {
  const plotWidth = width - margin.left - margin.right;
  const plotHeight = height - margin.top - margin.bottom;
  const span = options.yMax - options.yMin || 1;
  const xSpan = options.xMaxMs - options.xMinMs || 1;
  const x = (ms: number) =>
    margin.left +
    ((Math.max(options.xMinMs, Math.min(ms, options.xMaxMs)) - options.xMinMs) / xSpan) * plotWidth;
  const y = (value: number) => {
    const clamped = Math.max(options.yMin, Math.min(options.yMax, value));
    return margin.top + plotHeight - ((clamped - options.yMin) / span) * plotHeight;
  };
  const parts: string[] = [];

  parts.push(`<text x="${margin.left}" y="16" class="title">${escapeXml(options.title)}</text>`);
  for (let i = 0; i <= 4; i++) {
    const value = options.yMin + (span * i) / 4;
    const py = y(value).toFixed(1);
    parts.push(
      `<line x1="${margin.left}" x2="${width - margin.right}" ` +
        `y1="${py}" y2="${py}" class="grid"/>`,
    );
    parts.push(
      `<text x="${margin.left - 6}" y="${py}" class="ytick">` +
        `${escapeXml(options.formatY(value))}</text>`,
    );
  }
  const stepSeconds = niceStep(xSpan / 1000 / 6);
  const first = Math.ceil(options.xMinMs / 1000 / stepSeconds) * stepSeconds;
  for (let s = first; s <= options.xMaxMs / 1000 + 1e-9; s += stepSeconds) {
    const px = x(s * 1000).toFixed(1);
    parts.push(
      `<line x1="${px}" x2="${px}" ` +
        `y1="${margin.top}" y2="${margin.top + plotHeight}" class="grid"/>`,
    );
    parts.push(`<text x="${px}" y="${height - 10}" class="xtick">${Number(s.toFixed(1))}s</text>`);
  }

  for (const [index, marker] of (options.markers ?? []).entries()) {
    const px = x(marker.x);
    const anchor = px > width / 2 ? "end" : "start";
    const tx = anchor === "end" ? px - 3 : px + 3;
    parts.push(
      `<line x1="${px.toFixed(1)}" x2="${px.toFixed(1)}" ` +
        `y1="${margin.top}" y2="${margin.top + plotHeight}" ` +
        `stroke="${marker.color}" class="marker"/>`,
      `<text x="${tx.toFixed(1)}" y="${margin.top + 10 + index * 12}" ` +
        `text-anchor="${anchor}" class="marker-label" fill="${marker.color}">` +
        `${escapeXml(marker.label)}</text>`,
    );
  }

  for (const series of options.series) {
    if (series.points.length === 0) {
      continue;
    }
    const path = series.points
      .map(([px, py], index) => {
        const previous = series.points[index - 1];
        const hold =
          series.stepped && previous ? `L${x(px).toFixed(1)},${y(previous[1]).toFixed(1)} ` : "";
        return `${index === 0 ? "M" : `${hold}L`}${x(px).toFixed(1)},${y(py).toFixed(1)}`;
      })
      .join(" ");
    parts.push(
      `<path d="${path}" stroke="${series.color}" stroke-width="${series.width ?? 2}" ` +
        `class="line${series.dashed ? " dashed" : ""}">` +
        `<title>${escapeXml(series.name)}</title></path>`,
    );
  }

  for (const dot of options.dots ?? []) {
    parts.push(
      `<circle cx="${x(dot.x).toFixed(1)}" cy="${y(dot.y).toFixed(1)}" r="4" fill="${dot.color}">` +
        `<title>${escapeXml(dot.title)}</title></circle>`,
    );
  }

  const legend = options.series
    .map((series, index) => {
      const lx = margin.left + 190 * index;
      return (
        `<rect x="${lx}" y="26" width="12" height="3" fill="${series.color}"/>` +
        `<text x="${lx + 16}" y="31" class="legend">${escapeXml(series.name)}</text>`
      );
    })
    .join("");

  return (
    `<svg class="chart" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" ` +
    `role="img" aria-label="${escapeXml(options.title)}">${parts.join("")}${legend}</svg>`
  );
}

function niceStep(raw: number): number {
  const candidates = [0.5, 1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 1800, 3600];
  return candidates.find((candidate) => candidate >= raw) ?? 3600;
}
