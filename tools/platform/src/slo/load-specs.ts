import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { parseAllDocuments } from "yaml";
import { alertWindows } from "./burn-rate.ts";
import { parseDuration } from "./duration.ts";
import type { RatioIndicator, Slo } from "./model.ts";
import { paths } from "./names.ts";
import { readIndicatorSpec } from "./read-indicator.ts";
import { asRecord, describe, expectName, type Report } from "./spec-values.ts";

/** A problem in one spec file, at one field. */
export interface SpecError {
  file: string;
  field: string;
  message: string;
}

export function formatSpecError(error: SpecError): string {
  return `${error.file}: ${error.field}: ${error.message}`;
}

/** One OpenSLO document; `file` names it, with its place when its file holds several. */
interface SpecDocument {
  file: string;
  root: Record<string, unknown>;
}

/** An SLI document, read once however many SLOs refer to it. */
interface NamedIndicator {
  file: string;
  indicator: RatioIndicator | undefined;
}

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

/**
 * Checks spec texts; every problem of every file is collected before any result is used. SLO
 * and SLI documents may share a file or sit in files of their own; an SLO's
 * `spec.indicatorRef` names an SLI document anywhere in the folder.
 */
export function parseSpecs(files: { file: string; text: string }[]): {
  slos: Slo[];
  errors: SpecError[];
} {
  const errors: SpecError[] = [];
  const reporter = (file: string): Report => {
    return (field, message) => errors.push({ file, field, message });
  };

  const documents = files.flatMap(({ file, text }) => splitDocuments(file, text, reporter(file)));
  const sloDocuments: SpecDocument[] = [];
  const indicators = new Map<string, NamedIndicator>();
  for (const document of documents) {
    const kind = readKind(document.root, reporter(document.file));
    if (kind === "SLO") {
      sloDocuments.push(document);
    } else if (kind === "SLI") {
      readSli(document, indicators, reporter(document.file));
    }
  }

  if (sloDocuments.length === 0 && errors.length === 0) {
    errors.push({
      file: paths.specs,
      field: "(folder)",
      message: "expected SLO specs, found none",
    });
  }

  const slos: Slo[] = [];
  const seen = new Map<string, string>();
  for (const document of sloDocuments) {
    const problems: SpecError[] = [];
    const read = readSlo(document, indicators, (field, message) =>
      problems.push({ file: document.file, field, message }),
    );
    errors.push(...problems);
    if (problems.length > 0) {
      continue;
    }
    for (const slo of read) {
      const previous = seen.get(slo.id);
      if (previous !== undefined) {
        errors.push({
          file: document.file,
          field: "metadata.name",
          message: `expected a unique SLO name, found "${slo.id}" also in ${previous}`,
        });
        continue;
      }
      seen.set(slo.id, document.file);
      slos.push(slo);
    }
  }
  return { slos, errors };
}

/**
 * The documents of one file: YAML documents separated by `---`, or a list of documents as
 * OpenSLO's own examples write them. Each is named by its place when there are several.
 */
function splitDocuments(file: string, text: string, report: Report): SpecDocument[] {
  const documents = parseAllDocuments(text);
  if (!Array.isArray(documents)) {
    report("(file)", "expected YAML documents, found an empty file");
    return [];
  }
  const broken = documents.find((document) => document.errors.length > 0);
  if (broken !== undefined) {
    const cause = broken.errors[0]?.message.split("\n")[0] ?? "unreadable";
    report("(file)", `could not parse YAML: ${cause}`);
    return [];
  }

  const values = documents.flatMap((document) => {
    const value: unknown = document.toJS();
    return Array.isArray(value) ? (value as unknown[]) : [value];
  });
  if (values.length === 0) {
    report("(file)", "expected YAML documents, found an empty file");
  }
  return values.flatMap((value, index) => {
    const name = values.length > 1 ? `${file} (document ${index + 1})` : file;
    const root = asRecord(value);
    if (root === undefined) {
      report("(file)", `expected a mapping in document ${index + 1}, found ${describe(value)}`);
      return [];
    }
    return [{ file: name, root }];
  });
}

const otherKinds = "burn-rate and absent-data alerts are generated for every SLO";

function readKind(root: Record<string, unknown>, report: Report): "SLO" | "SLI" | undefined {
  if (root.apiVersion !== "openslo/v1") {
    report("apiVersion", `expected openslo/v1, found ${describe(root.apiVersion)}${apiHint(root)}`);
    return undefined;
  }
  if (root.kind === "SLO" || root.kind === "SLI") {
    return root.kind;
  }
  const known = typeof root.kind === "string" && root.kind.startsWith("Alert");
  const why = known ? ` (${otherKinds})` : "";
  report("kind", `expected SLO or SLI, found ${describe(root.kind)}${why}`);
  return undefined;
}

/** What to do with the two other SLO formats met in practice: OpenSLO v1alpha and Sloth's. */
function apiHint(root: Record<string, unknown>): string {
  if (root.apiVersion === "openslo/v1alpha") {
    return " (rewrite v1alpha specs as v1: spec.timeWindow, spec.indicator, objectives[].target)";
  }
  if (typeof root.version === "string" && root.version.startsWith("prometheus/")) {
    return ` (Sloth's own ${root.version} spec is not read; write the SLO as OpenSLO v1)`;
  }
  return "";
}

function readSli(
  document: SpecDocument,
  indicators: Map<string, NamedIndicator>,
  report: Report,
): void {
  const name = expectName(asRecord(document.root.metadata)?.name, "metadata.name", report);
  const indicator = readIndicatorSpec(document.root.spec, "spec", report);
  if (name === undefined) {
    return;
  }
  const previous = indicators.get(name);
  if (previous !== undefined) {
    report("metadata.name", `expected a unique SLI name, found "${name}" also in ${previous.file}`);
    return;
  }
  indicators.set(name, { file: document.file, indicator });
}

/**
 * One SLO per objective. Several objectives are numbered as Sloth numbers them
 * (slok/sloth internal/storage/io/openslo.go: `<name>-<index>`); one keeps its name.
 */
function readSlo(
  document: SpecDocument,
  indicators: Map<string, NamedIndicator>,
  report: Report,
): Slo[] {
  const { root, file } = document;
  const metadata = asRecord(root.metadata) ?? {};
  const name = expectName(metadata.name, "metadata.name", report);
  const spec = asRecord(root.spec);
  if (spec === undefined) {
    report("spec", `expected a mapping, found ${describe(root.spec)}`);
    return [];
  }
  const service = expectName(spec.service, "spec.service", report);
  readBudgetingMethod(spec.budgetingMethod, report);
  const policies = spec.alertPolicies;
  if (policies !== undefined && !(Array.isArray(policies) && policies.length === 0)) {
    report("spec.alertPolicies", `expected none (${otherKinds}), found ${describe(policies)}`);
  }

  const period = readWindow(spec.timeWindow, report);
  const objectives = readObjectives(spec.objectives, report);
  const indicator = readSloIndicator(spec, indicators, report);

  if (name === undefined || service === undefined || period === undefined) {
    return [];
  }
  if (objectives === undefined || indicator === undefined) {
    return [];
  }
  const displayName = typeof metadata.displayName === "string" ? metadata.displayName : name;
  const sloName = name.startsWith(`${service}-`) ? name.slice(service.length + 1) : name;
  return objectives.map((objective, index) => {
    const suffix = objectives.length > 1 ? `-${index}` : "";
    const part = objective.displayName ?? String(index);
    return {
      file,
      id: `${service}-${sloName}${suffix}`,
      service,
      name: `${sloName}${suffix}`,
      displayName: objectives.length > 1 ? `${displayName} (${part})` : displayName,
      description: typeof spec.description === "string" ? spec.description.trim() : "",
      objective: objective.target,
      period: period.text,
      periodSeconds: period.seconds,
      alertPeriodSeconds: period.seconds,
      indicator,
    };
  });
}

function readBudgetingMethod(value: unknown, report: Report): void {
  if (value === "Occurrences") {
    return;
  }
  const why =
    value === "Timeslices" || value === "RatioTimeslices"
      ? " (Timeslices and RatioTimeslices are not supported)"
      : "";
  report("spec.budgetingMethod", `expected Occurrences, found ${describe(value)}${why}`);
}

function readSloIndicator(
  spec: Record<string, unknown>,
  indicators: Map<string, NamedIndicator>,
  report: Report,
): RatioIndicator | undefined {
  const ref = spec.indicatorRef;
  if (spec.indicator !== undefined && ref !== undefined) {
    report("spec.indicatorRef", "expected either spec.indicator or spec.indicatorRef, found both");
    return undefined;
  }
  if (ref === undefined) {
    return readIndicatorSpec(asRecord(spec.indicator)?.spec, "spec.indicator.spec", report);
  }

  const named = typeof ref === "string" ? indicators.get(ref) : undefined;
  if (named === undefined) {
    const known = [...indicators.keys()].join(", ") || "none";
    report(
      "spec.indicatorRef",
      `expected the name of an SLI document in ${paths.specs}/, found ${describe(ref)} ` +
        `(SLIs: ${known})`,
    );
    return undefined;
  }
  return named.indicator;
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
      "expected true (calendar-aligned windows are not supported), " +
        `found ${describe(window.isRolling)}`,
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

  // An alert window longer than the period would judge more than one period's budget, and a
  // period of seconds would be a rate over less than one scrape: no data, no budget.
  const longest = alertWindows[alertWindows.length - 1] ?? "3d";
  if (seconds < (parseDuration(longest) ?? 0)) {
    report(
      `${field}[0].duration`,
      `expected a period of at least ${longest} (the longest alert window), found "${text}"`,
    );
    return undefined;
  }
  return { text, seconds };
}

interface Objective {
  target: number;
  displayName?: string;
}

function readObjectives(value: unknown, report: Report): Objective[] | undefined {
  const field = "spec.objectives";
  if (!Array.isArray(value) || value.length === 0) {
    report(field, `expected a list of objectives, found ${describe(value)}`);
    return undefined;
  }
  const objectives = value.map((item, index) =>
    readObjective(asRecord(item) ?? {}, `${field}[${index}]`, report),
  );
  const read = objectives.filter((objective) => objective !== undefined);
  return read.length === objectives.length ? read : undefined;
}

function readObjective(
  objective: Record<string, unknown>,
  field: string,
  report: Report,
): Objective | undefined {
  for (const key of ["indicator", "indicatorRef"]) {
    if (objective[key] !== undefined) {
      report(
        `${field}.${key}`,
        "expected the SLI under spec.indicator or spec.indicatorRef " +
          "(composite SLOs are not supported), found one per objective",
      );
      return undefined;
    }
  }
  const displayName =
    typeof objective.displayName === "string" ? { displayName: objective.displayName } : {};

  if (objective.targetPercent !== undefined && objective.target === undefined) {
    const percent = objective.targetPercent;
    if (typeof percent !== "number" || !(percent > 0 && percent < 100)) {
      report(
        `${field}.targetPercent`,
        `expected a number between 0 and 100 (exclusive), found ${describe(percent)}`,
      );
      return undefined;
    }
    // 99.5 / 100 is 0.995 to the last digit, so the rules print the target as written.
    return { target: Number((percent / 100).toPrecision(12)), ...displayName };
  }

  const target = objective.target;
  if (typeof target !== "number" || !(target > 0 && target < 1)) {
    report(
      `${field}.target`,
      `expected a number between 0 and 1 (exclusive), found ${describe(target)}`,
    );
    return undefined;
  }
  return { target, ...displayName };
}
