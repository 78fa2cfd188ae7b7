import { existsSync, statSync } from "node:fs";
import path from "node:path";
import { Command, Option } from "commander";
import packageJson from "../../package.json" with { type: "json" };
import { type CommandContext, UsageError } from "../cli/io.ts";
import { loadRepository } from "../manifests/load-repository.ts";
import { isInside } from "../manifests/repository-files.ts";
import { scanKinds } from "../manifests/scan-kinds.ts";
import { formatJson } from "./format-json.ts";
import { formatSarif } from "./format-sarif.ts";
import { formatText } from "./format-text.ts";
import type { Finding, Rule } from "./model.ts";
import { inputRules, ruleTable } from "./rule-info.ts";
import { preloadSchemas } from "./rules/schema/schema-rule.ts";
import { orderFindings, runRules } from "./run-rules.ts";
import { summarize, summaryLine } from "./summary.ts";

const FORMATS = ["text", "json", "sarif"] as const;
type Format = (typeof FORMATS)[number];

interface ValidateOptions {
  format: Format;
  strict: boolean;
  listRules?: boolean;
}

/** `platform validate [path...]`: every manifest of the repository, every rule, one exit. */
export function validateCommand(context: CommandContext): Command {
  return new Command("validate")
    .description(
      "check that every manifest would sync and run: schemas, Pod Security, NetworkPolicies, " +
        "references, PromQL, analysis conditions, images and resources, Argo CD ordering",
    )
    .argument("[path...]", "folders or files to validate (default: the whole repository)")
    .addOption(new Option("--format <format>", "output format").choices(FORMATS).default("text"))
    .option("--strict", "fail on warnings too", false)
    .option("--list-rules", "print the rule table (id, what it checks, why) as Markdown and exit")
    .addHelpText(
      "after",
      "\nExit codes: 0 clean, 1 error findings (or warnings with --strict), 2 usage errors or " +
        "input that could not be read.\n",
    )
    .action(async (paths: string[], options: ValidateOptions) => {
      if (options.listRules === true) {
        const { rules } = await import("./rules/index.ts");
        context.io.stdout.write(ruleTable([...rules, ...inputRules]));
        return;
      }
      context.setExitCode(await validate(paths, options, context));
    });
}

async function validate(
  paths: readonly string[],
  options: ValidateOptions,
  context: CommandContext,
): Promise<number> {
  const { io } = context;
  for (const entry of paths) {
    if (!existsSync(path.resolve(io.cwd, entry))) {
      throw new UsageError(`could not validate ${entry}: no such file or folder`);
    }
  }
  const repoRoot = repositoryRoot(io.cwd, paths);
  const targets = paths.map((entry) => path.resolve(io.cwd, entry));

  const started = performance.now();
  // The rules (and the libraries and schemas behind them) load while kubectl renders.
  const [loaded, { rules }] = await Promise.all([
    loadRepository(repoRoot, targets, kubectlFrom(io.env)),
    import("./rules/index.ts"),
    preloadSchemas(scanKinds(repoRoot, targets)),
  ]);
  const run = await runRules(rules, loaded);
  const findings = orderFindings([...loaded.findings, ...run.findings]).map((finding) =>
    fromHere(finding, repoRoot, io.cwd),
  );
  const summary = summarize(findings, {
    objects: loaded.manifests.length,
    kustomizations: loaded.kustomizations,
    milliseconds: performance.now() - started,
  });

  io.stdout.write(render(findings, options.format, summary, rules));
  for (const problem of [...loaded.problems, ...run.failures]) {
    io.stderr.write(`platform validate: ${problem}\n`);
  }
  io.stderr.write(summaryLine(summary));

  return exitCode(findings, options.strict, loaded.problems.length + run.failures.length > 0);
}

function render(
  findings: Finding[],
  format: Format,
  summary: ReturnType<typeof summarize>,
  rules: readonly Rule[],
): string {
  switch (format) {
    case "json":
      return formatJson(findings, summary);
    case "sarif":
      return formatSarif(findings, [...inputRules, ...rules], packageJson.version);
    default:
      return formatText(findings);
  }
}

/** 2 when part of the input could not be validated at all, 1 for failing findings, else 0. */
function exitCode(findings: readonly Finding[], strict: boolean, incomplete: boolean): number {
  if (incomplete) {
    return 2;
  }
  const failing = findings.some(
    (finding) => finding.severity === "error" || (strict && finding.severity === "warning"),
  );
  return failing ? 1 : 0;
}

/**
 * The repository the paths belong to: the working directory when they lie inside it; else the
 * repository of the first path (the nearest folder above it with a .git that does not hold the
 * working directory), or the path itself. Applications name their values files and sources from
 * their repository's root, so `platform validate ../other-repo` reads them from there.
 */
function repositoryRoot(cwd: string, paths: readonly string[]): string {
  const outside = paths
    .map((entry) => path.resolve(cwd, entry))
    .find((entry) => !isInside(entry, cwd));
  if (outside === undefined) {
    return cwd;
  }
  const start = statSync(outside).isDirectory() ? outside : path.dirname(outside);
  for (let folder = start; ; folder = path.dirname(folder)) {
    if (existsSync(path.join(folder, ".git")) && !isInside(cwd, folder)) {
      return folder;
    }
    if (path.dirname(folder) === folder) {
      return start;
    }
  }
}

/** Findings name files from the repository root; print them from where the command runs. */
function fromHere(finding: Finding, repoRoot: string, cwd: string): Finding {
  if (repoRoot === cwd) {
    return finding;
  }
  const file = path
    .relative(cwd, path.resolve(repoRoot, finding.source.file))
    .split(path.sep)
    .join("/");
  return { ...finding, source: { ...finding.source, file } };
}

/** PLATFORM_KUBECTL names another kubectl binary (tests use it to simulate a missing one). */
function kubectlFrom(env: NodeJS.ProcessEnv): { kubectl?: string } {
  const kubectl = env.PLATFORM_KUBECTL;
  return kubectl === undefined || kubectl === "" ? {} : { kubectl };
}
