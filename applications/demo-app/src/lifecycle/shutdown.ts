import type { Server } from "node:http";
import { setTimeout as sleep } from "node:timers/promises";
import type { Logger } from "../logging/logger.ts";
import type { Lifecycle } from "./lifecycle.ts";

export interface ShutdownTimes {
  /** Serve on with /ready 503 for this long, while endpoints drop the pod. */
  delayMs: number;
  /** From the start of the shutdown to the last connection closed, at the latest. */
  timeoutMs: number;
}

/** `drained`: every request was answered; `deadline`: connections were cut at the deadline. */
export type ShutdownOutcome = "drained" | "deadline";

/**
 * The shutdown sequence. Kubernetes removes a terminating pod from its endpoints while it
 * signals it, and callers learn of the removal seconds later, so the service fails readiness
 * and keeps serving for `delayMs` before it stops accepting; then it answers what is in flight
 * (asking keep-alive clients to close) and closes idle connections.
 */
export async function shutDown(
  server: Server,
  lifecycle: Lifecycle,
  times: ShutdownTimes,
  logger: Logger,
): Promise<ShutdownOutcome> {
  const deadline = AbortSignal.timeout(times.timeoutMs);
  lifecycle.phase = "draining";
  logger.info({ delayMs: times.delayMs, timeoutMs: times.timeoutMs }, "draining");

  await sleep(times.delayMs);

  lifecycle.phase = "closing";
  logger.info("closing: no new connections, finishing requests in flight");
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeIdleConnections();

  const timedOut = new Promise<true>((resolve) => {
    if (deadline.aborted) {
      resolve(true);
    }
    deadline.addEventListener("abort", () => resolve(true), { once: true });
  });
  const cut = await Promise.race([closed.then(() => false), timedOut]);

  if (cut) {
    server.closeAllConnections();
    logger.warn("deadline reached: open connections cut");
    return "deadline";
  }
  logger.info("closed: every request answered");
  return "drained";
}
