/**
 * Queries are templates: Argo Rollouts fills in `{{args.name}}` and Grafana `$variable`. Before
 * parsing, each is replaced by a stand-in that is valid where it stands: a word inside a quoted
 * label value, a duration inside a range `[...]`, and elsewhere a metric name (which PromQL
 * accepts wherever a number or a vector is expected).
 */
export function substitute(query: string, pattern: RegExp, durations?: RegExp): string {
  let result = "";
  let last = 0;
  for (const match of query.matchAll(pattern)) {
    const start = match.index;
    const before = query.slice(0, start);
    result += query.slice(last, start);
    const isDuration = durations?.test(match[0]) === true || insideRange(before);
    result += isDuration && !insideQuotes(before) ? "5m" : "placeholder";
    last = start + match[0].length;
  }
  return result + query.slice(last);
}

/** `{{args.namespace}}`, `{{ args.namespace }}`, `{{templates.x}}`. */
export const ROLLOUTS_ARGUMENT = /\{\{\s*[^{}]+?\s*\}\}/g;

/** `$var`, `${var}`, `${var:format}`, `[[var]]` (Grafana's template variable syntaxes). */
export const GRAFANA_VARIABLE = /\$\{[^}]+\}|\$[A-Za-z_]\w*|\[\[[^\]]+\]\]/g;

/** Grafana's interval variables stand for durations. */
export const GRAFANA_DURATION = /^\$\{?__(rate_interval|interval|range)(_ms|_s)?\}?$/;

function insideRange(before: string): boolean {
  return before.lastIndexOf("[") > before.lastIndexOf("]");
}

function insideQuotes(before: string): boolean {
  let quote: string | undefined;
  for (let i = 0; i < before.length; i++) {
    const char = before[i];
    if (char === "\\") {
      i++;
    } else if (quote === undefined && (char === '"' || char === "'" || char === "`")) {
      quote = char;
    } else if (char === quote) {
      quote = undefined;
    }
  }
  return quote !== undefined;
}
