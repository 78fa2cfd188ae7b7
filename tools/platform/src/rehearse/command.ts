import { mkdir, writeFile } from "node:fs/promises";
import { join, relative, resolve } from "node:path";
import { Command, Option } from "commander";
import { type CommandContext, UsageError } from "../cli/io.ts";
import { MissingBinaryError } from "../prometheus/index.ts";
import { exitCodeOf, type Outcome } from "./events.ts";
import { ProgressPrinter } from "./progress.ts";
import { rehearse } from "./rehearse.ts";
import { reportData } from "./report-data.ts";
import { renderReportHtml } from "./report-html.ts";
import { isScenario, scenarios } from "./scenarios.ts";

/** Where reports go unless --report-dir says otherwise; git-ignored. */
export const defaultReportDir = ".reports/rehearse";

interface RawOptions {
  overlay: string;
  scenario: string;
  set: string[];
  timeScale: string;
  promotePauses: boolean;
  expect?: string;
  reportDir: string;
  rate: string;
  scrapeInterval: string;
  scaleQueryWindows: boolean;
  stableVersion: string;
  timeout: string;
}

/** `platform rehearse`: a Rollout of the repository, run on this machine. */
export function rehearseCommand(context: CommandContext): Command {
  return new Command("rehearse")
    .description(
      "run an overlay's Rollout on this machine: two demo-app revisions, a weighted router, " +
        "load, a real Prometheus and the repository's AnalysisTemplates; " +
        "exit 0 promoted, 3 aborted",
    )
    .requiredOption(
      "--overlay <name|path>",
      "overlay to render: staging (canary), production (blue-green), or a folder",
    )
    .addOption(
      new Option("--scenario <name>", "faults of the new revision")
        .choices(Object.keys(scenarios))
        .default("healthy"),
    )
    .option(
      "--set <KEY=VALUE>",
      "environment of the new revision, e.g. ERROR_RATE=0.05 (repeatable)",
      collect,
      [],
    )
    .option(
      "--time-scale <N>",
      "divide pauses, intervals and delays by N (query windows stay)",
      "1",
    )
    .option(
      "--scale-query-windows",
      "divide PromQL range windows by the time scale too (noisier)",
      false,
    )
    .option("--promote-pauses", "resume pauses without a duration and inconclusive analyses", false)
    .addOption(
      new Option("--expect <verdict>", "exit 0 only if the verdict is this").choices([
        "promoted",
        "aborted",
      ]),
    )
    .option("--report-dir <dir>", "where the HTML and JSON report go", defaultReportDir)
    .option("--rate <N>", "requests per second on each route", "20")
    .option("--scrape-interval <ms>", "Prometheus scrape interval in milliseconds", "1000")
    .option("--stable-version <version>", "version label of the stable revision", "previous")
    .option("--timeout <seconds>", "give up after this many seconds of wall-clock time", "600")
    .action(async (raw: RawOptions) => {
      context.setExitCode(await runRehearse(raw, context));
    });
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

async function runRehearse(raw: RawOptions, context: CommandContext): Promise<number> {
  const { io } = context;
  const timeScale = positiveNumber("--time-scale", raw.timeScale);
  const rate = positiveNumber("--rate", raw.rate);
  const scrapeIntervalMs = positiveNumber("--scrape-interval", raw.scrapeInterval);
  const timeoutMs = positiveNumber("--timeout", raw.timeout) * 1000;
  if (!isScenario(raw.scenario)) {
    throw new UsageError(`--scenario expects one of ${Object.keys(scenarios).join(", ")}`);
  }

  const interrupt = new AbortController();
  const onSignal = () => interrupt.abort();
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  const live = Boolean((io.stderr as NodeJS.WriteStream).isTTY);
  const printer = new ProgressPrinter(io.stderr, live);

  let result: Awaited<ReturnType<typeof rehearse>>;
  try {
    result = await rehearse({
      overlay: raw.overlay,
      repoRoot: io.cwd,
      scenario: raw.scenario,
      set: raw.set,
      timeScale,
      promotePauses: raw.promotePauses,
      rate,
      scrapeIntervalMs,
      scaleQueryWindows: raw.scaleQueryWindows,
      stableVersion: raw.stableVersion,
      timeoutMs,
      env: io.env,
      signal: interrupt.signal,
      onEvent: (event) => printer.print(event),
    });
  } catch (error) {
    printer.close();
    process.removeListener("SIGINT", onSignal);
    process.removeListener("SIGTERM", onSignal);
    if (error instanceof UsageError) {
      throw error;
    }
    if (error instanceof MissingBinaryError) {
      throw new UsageError(error.message);
    }
    // Something on this machine would not start (a port, a process): say what, no stack trace.
    io.stderr.write(
      `platform rehearse: could not run the rehearsal: ${(error as Error).message}\n`,
    );
    return 1;
  }

  try {
    printer.close();

    const data = reportData(result, {
      overlay: raw.overlay,
      scenario: raw.scenario,
      timeScale,
      scrapeIntervalMs,
    });
    const folder = resolve(io.cwd, raw.reportDir);
    await mkdir(folder, { recursive: true });
    const slug = raw.overlay.replace(/[^A-Za-z0-9_-]+/g, "-").replace(/^-|-$/g, "");
    const base = `${slug}-${raw.scenario}`;
    const html = join(folder, `${base}.html`);
    const json = join(folder, `${base}.json`);
    await writeFile(html, renderReportHtml(data));
    await writeFile(json, `${JSON.stringify(data, null, 2)}\n`);

    const { verdict } = result;
    io.stdout.write(`${verdict.outcome} ${verdict.where}: ${verdict.reason}\n`);
    io.stdout.write(`report: ${relative(io.cwd, html)} (data: ${relative(io.cwd, json)})\n`);
    if (interrupt.signal.aborted) {
      return 130;
    }
    return expectation(raw.expect, verdict.outcome, io.stderr);
  } finally {
    printer.close();
    process.removeListener("SIGINT", onSignal);
    process.removeListener("SIGTERM", onSignal);
  }
}

/** The exit code: the verdict's own, or with --expect 0 when it matches and 1 when not. */
export function expectation(
  expected: string | undefined,
  outcome: Outcome,
  stderr: NodeJS.WritableStream,
): number {
  if (expected === undefined) {
    return exitCodeOf(outcome);
  }
  if (expected === outcome) {
    return 0;
  }
  stderr.write(`platform rehearse: expected ${expected}, the rollout was ${outcome}\n`);
  return 1;
}

function positiveNumber(flag: string, text: string): number {
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0) {
    throw new UsageError(`${flag} expects a positive number, found ${JSON.stringify(text)}`);
  }
  return value;
}
