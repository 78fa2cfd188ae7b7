import { isRecord } from "../manifests/objects.ts";
import type { RenderedObject } from "./read-analysis.ts";

const placeholder = /\{\{\s*args\.([A-Za-z0-9_-]+)\s*\}\}/g;

/**
 * Upstream fills `{{args.x}}` into the whole metric when it creates the run (analysis.go
 * resolveArgs), so real templates write `interval: "{{args.interval}}"` or
 * `successCondition: result[0] >= {{args.threshold}}`. The rehearsal fills every field but the
 * provider with the args whose values are plain; queries are filled per run, where
 * podTemplateHashValue and fieldRef are known. A placeholder without a plain value stays, and
 * the field's own check then names it.
 */
export function fillMetricArgs(found: RenderedObject, values: ReadonlyMap<string, string>) {
  const spec = found.object.spec;
  if (!isRecord(spec) || !Array.isArray(spec.metrics)) {
    return found;
  }
  const metrics = spec.metrics.map((metric: unknown) => {
    if (!isRecord(metric)) {
      return metric;
    }
    const filled: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(metric)) {
      filled[key] = key === "provider" ? value : fill(value, values);
    }
    return filled;
  });
  return { ...found, object: { ...found.object, spec: { ...spec, metrics } } };
}

function fill(value: unknown, values: ReadonlyMap<string, string>): unknown {
  if (typeof value === "string") {
    return value.replace(placeholder, (text, name: string) => values.get(name) ?? text);
  }
  if (Array.isArray(value)) {
    return value.map((item) => fill(item, values));
  }
  if (isRecord(value)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fill(v, values)]));
  }
  return value;
}

/** The args whose values are known before any run: template defaults, then the Rollout's. */
export function plainArgValues(
  templates: readonly RenderedObject[],
  rolloutArgs: readonly ({ name: string } & ({ value: string } | object))[],
): Map<string, string> {
  const values = new Map<string, string>();
  for (const template of templates) {
    const spec = template.object.spec;
    const args = isRecord(spec) && Array.isArray(spec.args) ? spec.args : [];
    for (const arg of args) {
      if (isRecord(arg) && typeof arg.name === "string" && typeof arg.value === "string") {
        values.set(arg.name, arg.value);
      }
    }
  }
  for (const arg of rolloutArgs) {
    if ("value" in arg) {
      values.set(arg.name, arg.value);
    }
  }
  return values;
}
