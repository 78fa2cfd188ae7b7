/** Where the program writes: stdout for machine output, stderr for progress and errors. */
export interface Io {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  /** The folder relative paths are read from; the repository root when run through npx. */
  cwd: string;
  /** Environment variables, so tests can run the program with their own. */
  env: NodeJS.ProcessEnv;
}

/**
 * A mistake in how the program was called or configured. It is reported as one plain line
 * and exit code 2, never as a stack trace.
 */
export class UsageError extends Error {
  override name = "UsageError";
}

/** What every subcommand receives: the streams, and a way to set the program's exit code. */
export interface CommandContext {
  io: Io;
  setExitCode(code: number): void;
}
