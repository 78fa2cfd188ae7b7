import { type ChildProcess, spawn } from "node:child_process";
import { terminate } from "../process/terminate.ts";

/** A child process the rehearsal started, with the tail of what it printed. */
export interface ManagedChild {
  name: string;
  process: ChildProcess;
  /** Resolves when the process has exited. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  recentOutput(): string;
}

export type ExitListener = (
  child: ManagedChild,
  code: number | null,
  signal: NodeJS.Signals | null,
) => void;

/**
 * Owns every child process of a rehearsal: starts them, reports one that dies unexpectedly,
 * and stops them all (TERM, then KILL after a grace period) on every way out. A process-exit
 * hook kills whatever is left if the program ends without calling stopAll.
 */
export class Supervisor {
  private readonly children = new Set<ManagedChild>();
  private readonly onUnexpectedExit: ExitListener;
  private stopping = false;
  private readonly exitHook = () => {
    for (const child of this.children) {
      child.process.kill("SIGKILL");
    }
  };

  constructor(onUnexpectedExit: ExitListener) {
    this.onUnexpectedExit = onUnexpectedExit;
    process.once("exit", this.exitHook);
  }

  spawn(
    name: string,
    command: string,
    args: string[],
    env: NodeJS.ProcessEnv,
    cwd: string,
  ): ManagedChild {
    const child = spawn(command, args, { env, cwd, stdio: ["ignore", "pipe", "pipe"] });
    const lines: string[] = [];
    const keep = (chunk: string) => {
      lines.push(...chunk.split("\n").filter((line) => line.trim() !== ""));
      lines.splice(0, Math.max(0, lines.length - 20));
    };
    child.stdout?.setEncoding("utf8").on("data", keep);
    child.stderr?.setEncoding("utf8").on("data", keep);

    const managed: ManagedChild = {
      name,
      process: child,
      exited: new Promise((resolve) => {
        child.once("exit", (code, signal) => resolve({ code, signal }));
        child.once("error", () => resolve({ code: -1, signal: null }));
      }),
      recentOutput: () => lines.slice(-5).join("\n"),
    };
    this.children.add(managed);
    void managed.exited.then(({ code, signal }) => {
      if (this.children.has(managed) && !this.stopping) {
        this.children.delete(managed);
        this.onUnexpectedExit(managed, code, signal);
      }
    });
    return managed;
  }

  /** Stops one child on purpose: no unexpected-exit report. */
  async stop(child: ManagedChild): Promise<void> {
    this.children.delete(child);
    await terminateChild(child);
  }

  /** Stops every child still running. Safe to call more than once. */
  async stopAll(): Promise<void> {
    this.stopping = true;
    const children = [...this.children];
    this.children.clear();
    await Promise.all(children.map(terminateChild));
    process.removeListener("exit", this.exitHook);
  }

  pids(): number[] {
    return [...this.children].flatMap((child) => (child.process.pid ? [child.process.pid] : []));
  }
}

/** Three seconds after TERM: more than the two a rehearsal gives the demo app to drain in. */
function terminateChild(child: ManagedChild): Promise<void> {
  return terminate(child.process, child.exited, 3_000);
}
