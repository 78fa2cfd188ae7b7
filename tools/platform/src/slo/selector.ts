/** A plain series selector, `metric{label="value",...}`, split into its parts. */
export interface Selector {
  metric: string;
  matchers: { label: string; op: string; value: string }[];
}

const selectorPattern = /^\s*([a-zA-Z_:][a-zA-Z0-9_:]*)\s*(?:\{(.*)\})?\s*$/s;
const matcherPattern = /^\s*([a-zA-Z_][a-zA-Z0-9_]*)\s*(=~|!~|!=|=)\s*"((?:[^"\\]|\\.)*)"\s*$/;

/**
 * Splits a selector, or returns undefined when `text` is anything else (a function call, an
 * operator, a range). Syntax errors are reported by the PromQL parser before this runs.
 */
export function parseSelector(text: string): Selector | undefined {
  const match = selectorPattern.exec(text);
  if (match === null || match[1] === undefined) {
    return undefined;
  }

  const body = match[2]?.trim() ?? "";
  const parts = body === "" ? [] : splitMatchers(body);
  const matchers: Selector["matchers"] = [];
  for (const part of parts) {
    const m = matcherPattern.exec(part);
    if (m === null || m[1] === undefined || m[2] === undefined || m[3] === undefined) {
      return undefined;
    }
    matchers.push({ label: m[1], op: m[2], value: m[3] });
  }
  return { metric: match[1], matchers };
}

/** Splits on commas outside quoted values; a trailing comma is allowed as in PromQL. */
function splitMatchers(body: string): string[] {
  const parts: string[] = [];
  let current = "";
  let quoted = false;
  for (let i = 0; i < body.length; i++) {
    const char = body[i];
    if (char === "\\" && quoted) {
      current += char + (body[i + 1] ?? "");
      i++;
      continue;
    }
    if (char === '"') {
      quoted = !quoted;
    }
    if (char === "," && !quoted) {
      parts.push(current);
      current = "";
      continue;
    }
    current += char;
  }
  if (current.trim() !== "") {
    parts.push(current);
  }
  return parts;
}
