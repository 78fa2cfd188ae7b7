import { setTimeout as sleep } from "node:timers/promises";
import {
  assessMeasurement,
  assessMetric,
  effectiveCount,
  emptyTally,
  type MeasurementPhase,
  type MetricLimits,
  type MetricPhase,
  recordMeasurement,
  resultFromPrometheus,
  worstPhase,
} from "../analysis/index.ts";
import type { QueryAnswer } from "../prometheus/index.ts";
import type { AnalysisSpec, MetricSpec } from "./model.ts";
import { conditionThreshold } from "./threshold.ts";

/** Upstream retries an erroring metric without an interval after this long (analysis.go). */
const errorRetryIntervalMs = 10_000;

export interface MeasurementEvent {
  run: string;
  metric: string;
  phase: MeasurementPhase;
  /** Upstream's text of the value, such as "[0.98]"; empty when the query failed. */
  value: string;
  /** The first number of the result, for charts; undefined when there is none. */
  numeric: number | undefined;
  condition: string;
  threshold: number | undefined;
  message: string;
  query: string;
  /** Set for a metric in dry-run mode, whose outcome never decides the run. */
  dryRun?: true;
}

export interface RunOutcome {
  phase: Exclude<MetricPhase, "Running">;
  message: string;
  /** The measurement that decided a Failed, Error or Inconclusive run. */
  decisive: MeasurementEvent | undefined;
}

export interface AnalysisRunOptions {
  name: string;
  spec: AnalysisSpec;
  args: Record<string, string>;
  /** Divides intervals and delays. */
  timeScale: number;
  query: (expr: string, timeoutMs: number) => Promise<QueryAnswer>;
  /** Rewrites each query after its args are filled in (to scale range windows). */
  rewriteQuery?: (query: string) => string;
  onMeasurement: (event: MeasurementEvent) => void;
}

/**
 * One AnalysisRun: every metric measures on its own schedule (initialDelay, then every
 * interval until count), and the run ends with the worst phase of its metrics. A metric that
 * fails, errors or is inconclusive terminates the others, as upstream's run does.
 */
export class AnalysisRun {
  readonly name: string;
  readonly outcome: Promise<RunOutcome>;
  private readonly options: AnalysisRunOptions;
  private readonly stop = new AbortController();
  private decisive: MeasurementEvent | undefined;
  private decisiveMessage = "";
  private measured = 0;
  private wrong = 0;

  constructor(options: AnalysisRunOptions) {
    this.options = options;
    this.name = options.name;
    this.outcome = this.run();
  }

  /** Ends the run: metrics still measuring count as Successful (upstream "run terminated"). */
  terminate(): void {
    this.stop.abort();
  }

  private async run(): Promise<RunOutcome> {
    const phases = await Promise.all(
      this.options.spec.metrics.map((metric) => this.runMetric(metric)),
    );
    // A dry-run metric's outcome never counts towards the run's (analysis.go assessRunStatus).
    const counted = phases.filter((_, index) => !this.options.spec.metrics[index]?.dryRun);
    const phase = counted.length === 0 ? "Successful" : worstPhase(counted);
    const final = phase === "Running" ? "Successful" : phase;
    if (final === "Successful") {
      const dryRunOutcomes = this.options.spec.metrics.flatMap((metric, index) =>
        metric.dryRun && phases[index] !== "Successful" ? [`${metric.name} ${phases[index]}`] : [],
      );
      // analysis.go assessRunStatus: a run told to stop before measuring is Successful.
      const stopped = this.stop.signal.aborted;
      const parts = [
        stopped && this.measured === 0
          ? "terminated before any measurement (upstream counts that as Successful)"
          : stopped && this.wrong > 0
            ? "terminated within its limits (upstream counts that as Successful)"
            : dryRunOutcomes.length === 0
              ? "every metric succeeded"
              : "every counted metric succeeded",
        ...(this.wrong > 0
          ? [`${this.wrong} of ${this.measured} measurements were not Successful`]
          : []),
        ...(dryRunOutcomes.length > 0 ? [`dry run only: ${dryRunOutcomes.join(", ")}`] : []),
      ];
      const message = parts.join("; ");
      return { phase: final, message, decisive: undefined };
    }
    return { phase: final, message: this.decisiveMessage, decisive: this.decisive };
  }

  private async runMetric(metric: MetricSpec): Promise<Exclude<MetricPhase, "Running">> {
    const limits: MetricLimits = {
      failureLimit: metric.failureLimit,
      inconclusiveLimit: metric.inconclusiveLimit,
      consecutiveErrorLimit: metric.consecutiveErrorLimit,
      effectiveCount: effectiveCount(
        metric.count,
        metric.intervalMs === undefined ? undefined : "set",
      ),
    };
    const query = this.fillQuery(metric.query);
    let tally = emptyTally();

    if (!(await this.wait(metric.initialDelayMs))) {
      return "Successful";
    }
    for (;;) {
      const event = await this.measure(metric, query);
      if (this.stop.signal.aborted) {
        return assessMetric(limits, tally, true).phase as Exclude<MetricPhase, "Running">;
      }
      this.options.onMeasurement(event);
      this.measured++;
      if (event.phase !== "Successful" && !metric.dryRun) {
        this.wrong++;
      }
      tally = recordMeasurement(tally, event.phase);

      const assessment = assessMetric(limits, tally);
      if (assessment.phase !== "Running") {
        // A dry-run metric stops measuring once it completes, and terminates nothing else.
        if (assessment.phase !== "Successful" && !metric.dryRun && this.decisive === undefined) {
          this.decisive = event;
          this.decisiveMessage =
            `metric ${metric.name} ` + `assessed ${assessment.phase}: ${assessment.message}`;
          this.stop.abort();
        }
        return assessment.phase;
      }

      const next =
        metric.intervalMs ?? (event.phase === "Error" ? errorRetryIntervalMs : undefined);
      if (next === undefined || !(await this.wait(next))) {
        return assessMetric(limits, tally, true).phase as Exclude<MetricPhase, "Running">;
      }
    }
  }

  private async measure(metric: MetricSpec, query: string): Promise<MeasurementEvent> {
    const condition = metric.successCondition?.text ?? metric.failureCondition?.text ?? "";
    const base = {
      run: this.name,
      metric: metric.name,
      condition,
      threshold: conditionThreshold(metric.successCondition?.ast ?? metric.failureCondition?.ast),
      query,
      ...(metric.dryRun ? { dryRun: true as const } : {}),
    };
    let answer: QueryAnswer;
    try {
      answer = await this.options.query(query, metric.timeoutMs);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      return { ...base, phase: "Error", value: "", numeric: undefined, message };
    }

    const mapped = resultFromPrometheus(answer);
    if (!mapped.ok) {
      return { ...base, phase: "Error", value: "", numeric: undefined, message: mapped.message };
    }
    const outcome = assessMeasurement(
      {
        ...(metric.successCondition ? { success: metric.successCondition.ast } : {}),
        ...(metric.failureCondition ? { failure: metric.failureCondition.ast } : {}),
      },
      mapped.result,
    );
    const numeric = Array.isArray(mapped.result) ? mapped.result[0] : (mapped.result ?? undefined);
    // A Failed measurement is explained by the failure condition when there is one.
    const decided =
      outcome.phase === "Failed" && metric.failureCondition
        ? metric.failureCondition.text
        : condition;
    return {
      ...base,
      condition: decided,
      phase: outcome.phase,
      value: mapped.display,
      numeric: numeric as number | undefined,
      message: outcome.message,
    };
  }

  private fillQuery(query: string): string {
    const filled = query.replace(
      /\{\{\s*args\.([A-Za-z0-9_-]+)\s*\}\}/g,
      (_, name: string) => this.options.args[name] ?? "",
    );
    return this.options.rewriteQuery ? this.options.rewriteQuery(filled) : filled;
  }

  /** Sleeps a scaled duration; false when the run was terminated meanwhile. */
  private async wait(ms: number): Promise<boolean> {
    if (this.stop.signal.aborted) {
      return false;
    }
    try {
      await sleep(ms / this.options.timeScale, undefined, { signal: this.stop.signal });
      return true;
    } catch {
      return false;
    }
  }
}

/**
 * The value of every argument of a run: template defaults, then the Rollout's args, with
 * `podTemplateHashValue` resolved to the stable or the latest revision.
 */
export function resolveArgs(
  spec: AnalysisSpec,
  context: { stableHash: string; latestHash: string; fields: Record<string, string> },
): Record<string, string> {
  const values: Record<string, string> = {};
  for (const arg of spec.templateArgs) {
    if (arg.value !== undefined) {
      values[arg.name] = arg.value;
    }
  }
  for (const arg of spec.rolloutArgs) {
    if ("value" in arg) {
      values[arg.name] = arg.value;
    } else if ("podTemplateHash" in arg) {
      values[arg.name] = arg.podTemplateHash === "Stable" ? context.stableHash : context.latestHash;
    } else {
      values[arg.name] = context.fields[arg.fieldPath] ?? "";
    }
  }
  return values;
}
