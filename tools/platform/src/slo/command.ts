import { resolve } from "node:path";
import { Command, Option } from "commander";
import { type CommandContext, UsageError } from "../cli/io.ts";
import { parseDuration } from "./duration.ts";
import { generate } from "./generate.ts";
import { formatSpecError, loadSpecs } from "./load-specs.ts";
import { type Slo, withPeriod } from "./model.ts";
import { describeDrift, findDrift, writeGenerated } from "./write-files.ts";

interface Options {
  repo?: string;
  period?: string;
  out?: string;
}

/** `platform slo generate|check`: the SLO specs turned into rules, dashboards and docs. */
export function sloCommand(context: CommandContext): Command {
  const command = new Command("slo").description(
    "generate SLO recording rules, burn-rate alerts, dashboards and docs from slo/",
  );
  const repo = () => new Option("--repo <dir>", "repository root (default: the current folder)");

  command
    .command("generate")
    .description("write the generated files; nothing is written if a spec has a problem")
    .addOption(repo())
    .option("--period <duration>", "override every SLO's period (e.g. 10m, for short tests)")
    .option("--out <dir>", "write under this folder instead of the repository")
    .action(async (options: Options) => {
      const root = resolve(context.io.cwd, options.repo ?? ".");
      const slos = await readSlos(context, root, options.period);
      if (slos === undefined) {
        return;
      }
      const files = generate(slos);
      await writeGenerated(resolve(context.io.cwd, options.out ?? root), files);
      context.io.stderr.write(`slo: wrote ${files.size} files from ${slos.length} specs\n`);
    });

  command
    .command("check")
    .description("fail when a committed generated file differs from what the specs produce")
    .addOption(repo())
    .action(async (options: Options) => {
      const root = resolve(context.io.cwd, options.repo ?? ".");
      const slos = await readSlos(context, root, undefined);
      if (slos === undefined) {
        return;
      }
      const drift = await findDrift(root, generate(slos));
      for (const entry of drift) {
        context.io.stderr.write(`${describeDrift(entry)}\n`);
      }
      if (drift.length > 0) {
        context.io.stderr.write(
          `slo: ${drift.length} generated files are out of date; run: platform slo generate\n`,
        );
        context.setExitCode(1);
        return;
      }
      context.io.stderr.write(`slo: generated files match ${slos.length} specs\n`);
    });
  return command;
}

/** The specs, or undefined after reporting every problem (exit code 1). */
async function readSlos(
  context: CommandContext,
  root: string,
  period: string | undefined,
): Promise<Slo[] | undefined> {
  const periodSeconds = period === undefined ? undefined : parseDuration(period);
  if (period !== undefined && periodSeconds === undefined) {
    throw new UsageError(`--period: expected a duration such as 10m or 30d, found "${period}"`);
  }

  const { slos, errors } = await loadSpecs(root).catch((error: Error) => {
    throw new UsageError(`could not read the SLO specs: ${error.message}`);
  });
  for (const error of errors) {
    context.io.stderr.write(`${formatSpecError(error)}\n`);
  }
  if (errors.length > 0) {
    context.io.stderr.write(`slo: ${errors.length} problems in the specs; nothing written\n`);
    context.setExitCode(1);
    return undefined;
  }
  if (period !== undefined && periodSeconds !== undefined) {
    return slos.map((slo) => withPeriod(slo, period, periodSeconds));
  }
  return slos;
}
