import { Command, CommanderError } from "commander";
import packageJson from "../package.json" with { type: "json" };
import { type CommandContext, type Io, UsageError } from "./cli/io.ts";

/** Each capability contributes one subcommand, built from the shared context. */
type CommandFactory = (context: CommandContext) => Command;

/**
 * Subcommands by name, each loaded only when needed: a run of `platform validate` should not
 * pay for loading the rehearsal or the dashboard SDK.
 */
const commands: Record<string, () => Promise<CommandFactory>> = {
  validate: async () => (await import("./validate/command.ts")).validateCommand,
  slo: async () => (await import("./slo/command.ts")).sloCommand,
  rehearse: async () => (await import("./rehearse/command.ts")).rehearseCommand,
};

/**
 * The whole `platform` program as a function, so tests can run it without a process.
 * Returns the exit code: 0 success, 1 findings or a failed check, 2 usage or configuration
 * errors, 3 an aborted rehearsal.
 */
export async function run(argv: readonly string[], io: Io): Promise<number> {
  let exitCode = 0;
  const context: CommandContext = {
    io,
    setExitCode: (code) => {
      exitCode = code;
    },
  };

  const program = new Command("platform")
    .description(packageJson.description)
    .version(packageJson.version)
    .showHelpAfterError("(run platform --help for usage)");
  for (const load of commandsFor(argv)) {
    program.addCommand((await load())(context));
  }
  applyOutput(program, io);

  try {
    await program.parseAsync([...argv], { from: "user" });
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.exitCode === 0 ? 0 : 2;
    }
    if (error instanceof UsageError) {
      io.stderr.write(`platform: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
  return exitCode;
}

/** The named subcommand alone, or all of them when the program's own help or version is asked. */
function commandsFor(argv: readonly string[]): Array<() => Promise<CommandFactory>> {
  const named = argv[0] === undefined ? undefined : commands[argv[0]];
  return named ? [named] : Object.values(commands);
}

/** Commander writes and exits on its own by default; route it to our streams and exit code. */
function applyOutput(command: Command, io: Io): void {
  command.exitOverride().configureOutput({
    writeOut: (text) => io.stdout.write(text),
    writeErr: (text) => io.stderr.write(text),
  });
  for (const sub of command.commands) {
    applyOutput(sub, io);
  }
}
