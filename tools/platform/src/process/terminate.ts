import type { ChildProcess } from "node:child_process";
import { setTimeout as sleep } from "node:timers/promises";

/**
 * Stops a child process as a kubelet stops a container: `signal` (TERM) first, then KILL if it
 * has not exited after `graceMs`. Resolves once it has exited; at once if it already had.
 */
export async function terminate(
  child: ChildProcess,
  exited: Promise<unknown>,
  graceMs: number,
  signal: NodeJS.Signals = "SIGTERM",
): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) {
    return;
  }

  child.kill(signal);
  const graceful = await Promise.race([
    exited.then(() => true),
    sleep(graceMs, false, { ref: false }),
  ]);
  if (!graceful) {
    child.kill("SIGKILL");
    await exited;
  }
}
