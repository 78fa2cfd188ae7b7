import { Agent, request } from "node:http";

/** What the load generator saw, counted by itself: the ground truth for the SLO numbers. */
export interface LoadTally {
  /** Requests that got an answer (any status). */
  answered: number;
  /** Answers with a 5xx status: the availability SLI's bad events. */
  serverErrors: number;
  /** Answers that took longer than the slow threshold, measured at the client. */
  slow: number;
  /** Requests that got no answer at all (connection refused or reset). */
  unanswered: number;
}

export interface LoadOptions {
  durationMs: number;
  /** Requests in flight at once; each worker sends its next request when an answer came. */
  concurrency: number;
  slowSeconds: number;
}

/**
 * Sends GET requests to `url` for a while and counts every answer. Closed loop (each worker
 * waits for its answer), so nothing is still in flight when it returns and the counts are
 * final: the service has recorded exactly these requests.
 */
export async function driveLoad(url: string, options: LoadOptions): Promise<LoadTally> {
  const tally: LoadTally = { answered: 0, serverErrors: 0, slow: 0, unanswered: 0 };
  const agent = new Agent({ keepAlive: true, maxSockets: options.concurrency });
  const deadline = Date.now() + options.durationMs;

  const worker = async () => {
    while (Date.now() < deadline) {
      const started = performance.now();
      const status = await get(url, agent);
      if (status === undefined) {
        tally.unanswered++;
        continue;
      }
      tally.answered++;
      if (status >= 500) {
        tally.serverErrors++;
      }
      if ((performance.now() - started) / 1000 > options.slowSeconds) {
        tally.slow++;
      }
    }
  };

  try {
    await Promise.all(Array.from({ length: options.concurrency }, worker));
  } finally {
    agent.destroy();
  }
  return tally;
}

function get(url: string, agent: Agent): Promise<number | undefined> {
  return new Promise((resolve) => {
    const outgoing = request(url, { agent }, (answer) => {
      answer.resume();
      answer.on("end", () => resolve(answer.statusCode));
      answer.on("error", () => resolve(undefined));
    });
    outgoing.on("error", () => resolve(undefined));
    outgoing.end();
  });
}
