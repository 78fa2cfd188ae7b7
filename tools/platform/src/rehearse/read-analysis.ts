import {
  metricDefaults,
  metricSpecProblems,
  parseCondition,
  parseGoDuration,
} from "../analysis/index.ts";
import { FieldReader, type Locator } from "./field-reader.ts";
import { fieldRefValue } from "./field-ref.ts";
import { fillMetricArgs, plainArgValues } from "./fill-metric-args.ts";
import type { AnalysisSpec, MetricSpec, RolloutArg } from "./model.ts";

/** An object of the rendered overlay, with a way to point at one of its fields. */
export interface RenderedObject {
  object: {
    apiVersion: string;
    kind: string;
    metadata: { name?: string; namespace?: string };
  } & Record<string, unknown>;
  locate: Locator;
}

/**
 * Upstream's prometheus provider timeout when the metric sets none
 * (metricproviders/prometheus).
 */
const defaultQueryTimeoutMs = 30_000;

/**
 * Reads the `analysis` block of a canary step, the background analysis, or a blue-green
 * pre/post-promotion analysis, and the templates it names, merged in order.
 */
export function readAnalysis(
  reader: FieldReader,
  objects: readonly RenderedObject[],
  namespace: string,
): AnalysisSpec {
  const templates: string[] = [];
  const metrics: MetricSpec[] = [];
  const templateArgs: AnalysisSpec["templateArgs"] = [];
  const dryRunRules: FieldReader[] = [];

  const references = reader.objects("templates");
  if (references.length === 0) {
    throw reader.error("templates", "needs at least one template");
  }
  const found: { name: string; template: RenderedObject }[] = [];
  for (const reference of references) {
    const name = reference.requiredString("templateName");
    const clusterScope = reference.boolean("clusterScope") ?? false;
    reference.done();

    const kind = clusterScope ? "ClusterAnalysisTemplate" : "AnalysisTemplate";
    const template = objects.find(
      (candidate) =>
        candidate.object.kind === kind &&
        candidate.object.metadata.name === name &&
        (clusterScope || (candidate.object.metadata.namespace ?? namespace) === namespace),
    );
    if (template === undefined) {
      throw reference.error(
        "templateName",
        `names ${kind} ${name}, which the overlay does not render`,
      );
    }
    templates.push(name);
    found.push({ name, template });
  }

  const rollout = objects.find((candidate) => candidate.object.kind === "Rollout")?.object;
  const rolloutArgs = reader.objects("args").map((arg) => readRolloutArg(arg, rollout));
  const values = plainArgValues(
    found.map((entry) => entry.template),
    rolloutArgs,
  );
  for (const { name, template } of found) {
    readTemplate(fillMetricArgs(template, values), name, metrics, templateArgs, dryRunRules);
  }

  const names = new Set<string>();
  for (const metric of metrics) {
    if (names.has(metric.name)) {
      throw reader.error(
        "templates",
        `define metric ${metric.name} twice; names must be unique in a run`,
      );
    }
    names.add(metric.name);
  }

  reader.ignore("analysisRunMetadata");
  dryRunRules.push(...reader.objects("dryRun"));
  readRetention(reader, metrics);
  const dryRun = dryRunMetrics(dryRunRules, metrics);
  for (const metric of metrics) {
    metric.dryRun = dryRun.has(metric.name);
  }
  checkArgs(reader, templateArgs, rolloutArgs, metrics);
  return { templates, metrics, templateArgs, rolloutArgs };
}

/**
 * Upstream merges the dry-run rules of the Rollout and its templates, and a rule is a Go
 * regular expression matched anywhere in the metric name; a rule that matches no metric fails
 * the run (utils/analysis/helpers.go GetDryRunMetrics).
 */
function dryRunMetrics(rules: readonly FieldReader[], metrics: readonly MetricSpec[]) {
  const names = new Set<string>();
  for (const rule of rules) {
    const pattern = rule.requiredString("metricName");
    rule.done();
    let expression: RegExp;
    try {
      expression = new RegExp(pattern);
    } catch {
      throw rule.error("metricName", `expected a regular expression, found ${pattern}`);
    }
    const matched = metrics.filter((metric) => expression.test(metric.name));
    if (matched.length === 0) {
      throw rule.error("metricName", `matches no metric of the run (${pattern})`);
    }
    for (const metric of matched) {
      names.add(metric.name);
    }
  }
  return names;
}

/**
 * measurementRetention only bounds how many measurements a cluster keeps on the AnalysisRun;
 * the rehearsal keeps every one for its report, so the rules are checked and have no effect.
 */
function readRetention(reader: FieldReader, metrics: readonly MetricSpec[]): void {
  for (const rule of reader.objects("measurementRetention")) {
    const pattern = rule.requiredString("metricName");
    const limit = rule.integer("limit");
    rule.done();
    if (limit === undefined || limit < 0) {
      throw rule.error("limit", `expected an integer of 0 or more, found ${limit}`);
    }
    let expression: RegExp;
    try {
      expression = new RegExp(pattern);
    } catch {
      throw rule.error("metricName", `expected a regular expression, found ${pattern}`);
    }
    if (!metrics.some((metric) => expression.test(metric.name))) {
      throw rule.error("metricName", `matches no metric of the run (${pattern})`);
    }
  }
}

function readRolloutArg(
  arg: FieldReader,
  rollout: Record<string, unknown> | undefined,
): RolloutArg {
  const name = arg.requiredString("name");
  const value = arg.string("value");
  const valueFrom = arg.object("valueFrom");
  arg.done();
  if (value !== undefined) {
    return { name, value };
  }
  if (valueFrom === undefined) {
    throw arg.error(undefined, "needs value or valueFrom");
  }
  const hash = valueFrom.string("podTemplateHashValue");
  const fieldRef = valueFrom.object("fieldRef");
  valueFrom.done();
  if (hash !== undefined) {
    if (hash !== "Stable" && hash !== "Latest") {
      throw valueFrom.error(
        "podTemplateHashValue",
        `expected Stable or Latest, found ${JSON.stringify(hash)}`,
      );
    }
    return { name, podTemplateHash: hash };
  }
  if (fieldRef !== undefined) {
    const fieldPath = fieldRef.requiredString("fieldPath");
    fieldRef.done();
    const resolved = fieldRefValue(fieldPath, rollout);
    if (resolved === "runtime") {
      return { name, fieldPath };
    }
    if ("error" in resolved) {
      throw fieldRef.error("fieldPath", resolved.error);
    }
    return { name, value: resolved.value };
  }
  throw valueFrom.error(undefined, "needs podTemplateHashValue or fieldRef");
}

function readTemplate(
  found: RenderedObject,
  name: string,
  metrics: MetricSpec[],
  templateArgs: AnalysisSpec["templateArgs"],
  dryRunRules: FieldReader[],
): void {
  const owner = `${found.object.kind} ${name}`;
  const top = new FieldReader(found.object, owner, [], found.locate);
  top.ignore("apiVersion", "kind", "metadata");
  const spec = top.object("spec");
  top.done();
  if (spec === undefined) {
    throw top.error("spec", "is required");
  }

  for (const arg of spec.objects("args")) {
    const argName = arg.requiredString("name");
    const value = arg.string("value");
    if (arg.has("valueFrom")) {
      throw arg.error("valueFrom", "(secretKeyRef) is not supported by the rehearsal");
    }
    arg.done();
    templateArgs.push({ name: argName, value });
  }
  const readers = spec.objects("metrics");
  const raw = spec.raw("metrics");
  const problem = metricSpecProblems(Array.isArray(raw) ? raw : [])[0];
  if (problem !== undefined) {
    const at = problem.index === undefined ? spec : (readers[problem.index] ?? spec);
    throw at.error(problem.field, `${problem.message}: Argo Rollouts refuses the metric`);
  }
  const own: MetricSpec[] = readers.map((metric) => readMetric(metric, name));
  metrics.push(...own);
  dryRunRules.push(...spec.objects("dryRun"));
  readRetention(spec, own);
  spec.done();
}

/** Fields upstream fills args into that are read here before any run. */
const filledFields = [
  "interval",
  "initialDelay",
  "count",
  "failureLimit",
  "inconclusiveLimit",
  "consecutiveErrorLimit",
  "successCondition",
  "failureCondition",
];

function readMetric(metric: FieldReader, template: string): MetricSpec {
  const name = metric.requiredString("name");
  for (const key of filledFields) {
    const left = /\{\{\s*args\.([A-Za-z0-9_-]+)\s*\}\}/.exec(String(metric.raw(key) ?? ""));
    if (left) {
      throw metric.error(
        key,
        `uses {{args.${left[1]}}}, which has no plain value: give it a value in the template ` +
          "or the Rollout's args (valueFrom is resolved in queries only)",
      );
    }
  }
  const interval = metric.string("interval");
  const initialDelay = metric.string("initialDelay");
  const count = metric.integer("count");
  const failureLimit = metric.integer("failureLimit") ?? metricDefaults.failureLimit;
  const inconclusiveLimit = metric.integer("inconclusiveLimit") ?? metricDefaults.inconclusiveLimit;
  const consecutiveErrorLimit =
    metric.integer("consecutiveErrorLimit") ?? metricDefaults.consecutiveErrorLimit;
  const successCondition = readCondition(metric, "successCondition");
  const failureCondition = readCondition(metric, "failureCondition");
  const provider = metric.object("provider");
  metric.done();

  const prometheus = provider?.object("prometheus");
  provider?.done();
  if (prometheus === undefined) {
    throw metric.error("provider", "needs prometheus: the rehearsal runs Prometheus metrics only");
  }
  const query = prometheus.requiredString("query");
  const address = prometheus.string("address") ?? "";
  const timeout = prometheus.integer("timeout");
  prometheus.done();

  return {
    name,
    template,
    intervalMs: interval === undefined ? undefined : duration(metric, "interval", interval),
    initialDelayMs: initialDelay === undefined ? 0 : duration(metric, "initialDelay", initialDelay),
    count,
    failureLimit,
    inconclusiveLimit,
    consecutiveErrorLimit,
    ...(successCondition ? { successCondition } : {}),
    ...(failureCondition ? { failureCondition } : {}),
    query,
    address,
    timeoutMs: timeout === undefined ? defaultQueryTimeoutMs : timeout * 1000,
    dryRun: false,
  };
}

function duration(reader: FieldReader, key: string, text: string): number {
  const ms = parseGoDuration(text);
  if (ms === undefined) {
    throw reader.error(key, `expected a duration such as 30s or 1m, found ${JSON.stringify(text)}`);
  }
  return ms;
}

function readCondition(metric: FieldReader, key: string): MetricSpec["successCondition"] {
  const text = metric.string(key);
  if (text === undefined || text.trim() === "") {
    return undefined;
  }
  const parsed = parseCondition(text);
  if (!parsed.ok) {
    throw metric.error(
      key,
      `could not be parsed at column ${parsed.column}: ` +
        `${parsed.message} in ${JSON.stringify(text)}`,
    );
  }
  return { text, ast: parsed.ast };
}

/** The `{{args.name}}` placeholders of a query. */
export function placeholders(query: string): string[] {
  return [...query.matchAll(/\{\{\s*args\.([A-Za-z0-9_-]+)\s*\}\}/g)].map(
    (match) => match[1] ?? "",
  );
}

/**
 * Every placeholder needs a value, from the template's default or the Rollout's args: upstream
 * leaves a run with a missing arg stuck without saying why, so here it is an error up front.
 */
function checkArgs(
  reader: FieldReader,
  templateArgs: AnalysisSpec["templateArgs"],
  rolloutArgs: RolloutArg[],
  metrics: MetricSpec[],
): void {
  for (const arg of templateArgs) {
    if (arg.value === undefined && !rolloutArgs.some((given) => given.name === arg.name)) {
      throw reader.error(
        "args",
        `give no value for argument ${arg.name}, which the template requires`,
      );
    }
  }
  for (const metric of metrics) {
    for (const name of placeholders(metric.query)) {
      if (!templateArgs.some((arg) => arg.name === name)) {
        throw reader.error(
          "templates",
          `use {{args.${name}}} in metric ${metric.name}, ` +
            `but template ${metric.template} declares no such argument`,
        );
      }
    }
  }
}
