import { Agent, request } from "node:http";

export interface LoadCounts {
  sent: number;
  answered: number;
  failed: number;
}

/**
 * Sends GET requests to a URL at a fixed rate, open-loop: a slow answer does not slow the
 * sender down, as real users do not wait for each other.
 */
export class LoadGenerator {
  readonly counts: LoadCounts = { sent: 0, answered: 0, failed: 0 };
  private readonly url: string;
  private readonly perSecond: number;
  private readonly agent = new Agent({ keepAlive: true, maxSockets: 512 });
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(url: string, perSecond: number) {
    this.url = url;
    this.perSecond = perSecond;
  }

  start(): void {
    const tickMs = 50;
    const started = Date.now();
    this.timer = setInterval(() => {
      const due = Math.floor(((Date.now() - started) / 1000) * this.perSecond);
      while (this.counts.sent < due) {
        this.send();
      }
    }, tickMs);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    this.agent.destroy();
  }

  private send(): void {
    this.counts.sent++;
    const outgoing = request(this.url, { agent: this.agent, timeout: 10_000 }, (answer) => {
      answer.resume();
      answer.on("end", () => {
        this.counts.answered++;
      });
    });
    outgoing.on("error", () => {
      // Requests cut short by stop() are not failures of the service.
      if (!this.stopped) {
        this.counts.failed++;
      }
    });
    outgoing.on("timeout", () => outgoing.destroy());
    outgoing.end();
  }
}
