import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { parseAllDocuments } from "yaml";
import { durationBuckets, requestLabels, targetLabels } from "../contract/telemetry.ts";
import { parsePromql } from "../promql/index.ts";
import { parseDuration } from "./duration.ts";
import type { RatioIndicator, Slo } from "./model.ts";
import { paths } from "./names.ts";
import { parseSelector } from "./selector.ts";

/** A problem in one spec file, at one field. */
export interface SpecError {
  file: string;
  field: string;
  message: string;
}

export function formatSpecError(error: SpecError): string {
  return `${error.file}: ${error.field}: ${error.message}`;
}

/**
 * Labels a query may select on: the scrape contract, the request labels and the histogram's
 * `le`. Anything else would match in one place (a rehearsal, a cluster) and not the other.
 */
const selectableLabels = new Set<string>([
  ...Object.values(targetLabels).map((entry) => entry.label),
  ...requestLabels,
  "le",
]);

/** Reads every `*.yaml` under slo/ and returns the SLOs, or every problem found. */
export async function loadSpecs(repoRoot: string): Promise<{ slos: Slo[]; errors: SpecError[] }> {
  const dir = join(repoRoot, paths.specs);
  const names = (await readdir(dir)).filter((n) => /\.ya?ml$/.test(n)).sort();
  const files = await Promise.all(
    names.map(async (name) => ({
      file: `${paths.specs}/${name}`,
      text: await readFile(join(dir, name), "utf8"),
    })),
  );
  return parseSpecs(files);
}

/** Checks spec texts; every problem of every file is collected before any result is used. */
export function parseSpecs(files: { file: string; text: string }[]): {
  slos: Slo[];
  errors: SpecError[];
} {
  const slos: Slo[] = [];
  const errors: SpecError[] = [];
  const seen = new Map<string, string>();

  if (files.length === 0) {
    errors.push({
      file: paths.specs,
      field: "(folder)",
      message: "expected SLO specs, found none",
    });
  }

  for (const { file, text } of files) {
    const documents = parseAllDocuments(text);
    if (documents.length !== 1 || documents[0] === undefined) {
      errors.push({
        file,
        field: "(file)",
        message: `expected one YAML document, found ${documents.length}`,
      });
      continue;
    }
    const document = documents[0];
    if (document.errors.length > 0) {
      const cause = document.errors[0]?.message.split("\n")[0] ?? "unreadable";
      errors.push({ file, field: "(file)", message: `could not parse YAML: ${cause}` });
      continue;
    }

    const problems: SpecError[] = [];
    const slo = readSlo(file, document.toJS(), (field, message) =>
      problems.push({ file, field, message }),
    );
    errors.push(...problems);
    if (slo === undefined || problems.length > 0) {
      continue;
    }

    const previous = seen.get(slo.id);
    if (previous !== undefined) {
      errors.push({
        file,
        field: "metadata.name",
        message: `expected a unique SLO name, found "${slo.id}" also in ${previous}`,
      });
      continue;
    }
    seen.set(slo.id, file);
    slos.push(slo);
  }
  return { slos, errors };
}

type Report = (field: string, message: string) => void;

function readSlo(file: string, doc: unknown, report: Report): Slo | undefined {
  const root = asRecord(doc);
  if (root === undefined) {
    report("(file)", `expected a mapping, found ${describe(doc)}`);
    return undefined;
  }
  expectEqual(root.apiVersion, "openslo/v1", "apiVersion", report);
  expectEqual(root.kind, "SLO", "kind", report);

  const metadata = asRecord(root.metadata) ?? {};
  const id = expectName(metadata.name, "metadata.name", report);
  const spec = asRecord(root.spec);
  if (spec === undefined) {
    report("spec", `expected a mapping, found ${describe(root.spec)}`);
    return undefined;
  }
  const service = expectName(spec.service, "spec.service", report);
  expectEqual(spec.budgetingMethod, "Occurrences", "spec.budgetingMethod", report);

  const period = readWindow(spec.timeWindow, report);
  const objective = readObjective(spec.objectives, report);
  const indicator = readIndicator(spec.indicator, report);

  if (id === undefined || service === undefined || period === undefined) {
    return undefined;
  }
  if (objective === undefined || indicator === undefined) {
    return undefined;
  }
  return {
    file,
    id,
    service,
    name: id.startsWith(`${service}-`) ? id.slice(service.length + 1) : id,
    displayName: typeof metadata.displayName === "string" ? metadata.displayName : id,
    description: typeof spec.description === "string" ? spec.description.trim() : "",
    objective,
    period: period.text,
    periodSeconds: period.seconds,
    indicator,
  };
}

function readWindow(value: unknown, report: Report): { text: string; seconds: number } | undefined {
  const field = "spec.timeWindow";
  if (!Array.isArray(value) || value.length !== 1) {
    report(field, `expected a list of one window, found ${describe(value)}`);
    return undefined;
  }
  const window = asRecord(value[0]) ?? {};
  if (window.isRolling !== true) {
    report(
      `${field}[0].isRolling`,
      `expected true (only rolling windows are supported), found ${describe(window.isRolling)}`,
    );
  }
  const text = window.duration;
  const seconds = typeof text === "string" ? parseDuration(text) : undefined;
  if (typeof text !== "string" || seconds === undefined) {
    report(
      `${field}[0].duration`,
      `expected a duration such as 30d, 4w or 12h, found ${describe(text)}`,
    );
    return undefined;
  }
  return { text, seconds };
}

function readObjective(value: unknown, report: Report): number | undefined {
  const field = "spec.objectives";
  if (!Array.isArray(value) || value.length !== 1) {
    report(field, `expected a list of one objective, found ${describe(value)}`);
    return undefined;
  }
  const objective = asRecord(value[0]) ?? {};
  const target = objective.target;
  if (typeof target !== "number" || !(target > 0 && target < 1)) {
    report(
      `${field}[0].target`,
      `expected a number between 0 and 1 (exclusive), found ${describe(target)}`,
    );
    return undefined;
  }
  return target;
}

function readIndicator(value: unknown, report: Report): RatioIndicator | undefined {
  const base = "spec.indicator.spec.ratioMetric";
  const ratio = asRecord(asRecord(asRecord(value)?.spec)?.ratioMetric);
  if (ratio === undefined) {
    report(base, `expected a ratio metric, found ${describe(ratio)}`);
    return undefined;
  }
  if (ratio.counter !== true) {
    report(
      `${base}.counter`,
      `expected true (the SLI is built from counters), found ${describe(ratio.counter)}`,
    );
  }

  const hasBad = ratio.bad !== undefined;
  const hasGood = ratio.good !== undefined;
  if (hasBad === hasGood) {
    report(base, "expected exactly one of good or bad");
    return undefined;
  }
  const kind = hasBad ? "bad" : "good";
  const events = readQuery(ratio[kind], `${base}.${kind}`, report);
  const total = readQuery(ratio.total, `${base}.total`, report);
  if (events === undefined || total === undefined) {
    return undefined;
  }
  return { kind, events, total };
}

function readQuery(value: unknown, field: string, report: Report): string | undefined {
  const source = asRecord(asRecord(value)?.metricSource);
  if (source?.type !== "Prometheus") {
    report(`${field}.metricSource.type`, `expected Prometheus, found ${describe(source?.type)}`);
    return undefined;
  }
  const queryField = `${field}.metricSource.spec.query`;
  const query = asRecord(source.spec)?.query;
  if (typeof query !== "string" || query.trim() === "") {
    report(queryField, `expected a PromQL series selector, found ${describe(query)}`);
    return undefined;
  }

  const parsed = parsePromql(query);
  if (!parsed.ok) {
    report(queryField, `could not parse PromQL at offset ${parsed.offset}: ${parsed.message}`);
    return undefined;
  }
  const selector = parseSelector(query);
  if (selector === undefined) {
    report(
      queryField,
      `expected a plain series selector such as metric{label="value"}, found ${query.trim()}`,
    );
    return undefined;
  }
  for (const matcher of selector.matchers) {
    if (!selectableLabels.has(matcher.label)) {
      const allowed = [...selectableLabels].join(", ");
      report(
        queryField,
        `expected labels of the scrape contract (${allowed}), found ${matcher.label}`,
      );
      return undefined;
    }
    if (matcher.label === "le" && !isBucketBound(matcher)) {
      const bounds = durationBuckets.join(", ");
      const found = `le${matcher.op}"${matcher.value}"`;
      report(queryField, `expected le="<a bucket bound>" (${bounds}), found ${found}`);
      return undefined;
    }
  }
  return query.trim();
}

/**
 * A threshold between two bounds would need interpolation, and a bound written differently
 * from the exposition ("0.50") matches no series. Prometheus 3 writes whole bounds as "1.0".
 */
function isBucketBound(matcher: { op: string; value: string }): boolean {
  const written = durationBuckets.flatMap((bound) =>
    Number.isInteger(bound) ? [String(bound), bound.toFixed(1)] : [String(bound)],
  );
  return matcher.op === "=" && written.includes(matcher.value);
}

function expectName(value: unknown, field: string, report: Report): string | undefined {
  if (typeof value !== "string" || !/^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/.test(value)) {
    report(field, `expected a lowercase DNS-style name, found ${describe(value)}`);
    return undefined;
  }
  return value;
}

function expectEqual(value: unknown, expected: string, field: string, report: Report): void {
  if (value !== expected) {
    report(field, `expected ${expected}, found ${describe(value)}`);
  }
}

function asRecord(value: unknown): Record<string, unknown> | undefined {
  return typeof value === "object" && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

function describe(value: unknown): string {
  if (value === undefined) {
    return "nothing";
  }
  if (typeof value === "string") {
    return `"${value}"`;
  }
  return JSON.stringify(value);
}
