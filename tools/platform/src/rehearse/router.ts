import { Agent, createServer, request, type Server } from "node:http";

/** Where a route sends its traffic: a backend URL and its share in percent. */
export interface WeightedBackend {
  url: string;
  weight: number;
}

/**
 * One listener standing in for a Service or an HTTPRoute rule: it splits requests between its
 * backends by weight. The split is exact (a running credit per backend, not a coin toss) so
 * that 20% means one request in five, even over a few seconds of a scaled rehearsal.
 */
export class WeightedRoute {
  readonly name: string;
  private backends: WeightedBackend[] = [];
  private credits: number[] = [];
  private server: Server | undefined;
  private readonly agent = new Agent({ keepAlive: true, maxSockets: 256 });
  url = "";

  constructor(name: string) {
    this.name = name;
  }

  async listen(): Promise<void> {
    this.server = createServer((incoming, outgoing) => {
      const backend = this.pick();
      if (backend === undefined) {
        outgoing.writeHead(503).end("no backend\n");
        return;
      }
      const target = new URL(incoming.url ?? "/", backend.url);
      const proxied = request(
        target,
        { method: incoming.method, headers: incoming.headers, agent: this.agent },
        (answer) => {
          outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(outgoing);
        },
      );
      proxied.on("error", () => {
        if (!outgoing.headersSent) {
          outgoing.writeHead(502);
        }
        outgoing.end();
      });
      incoming.pipe(proxied);
    });
    this.server.keepAliveTimeout = 5_000;
    await new Promise<void>((resolve) => this.server?.listen(0, "127.0.0.1", resolve));
    const address = this.server.address();
    this.url = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
  }

  /** Replaces the backends; weights are percentages and should add up to 100. */
  setBackends(backends: WeightedBackend[]): void {
    this.backends = backends.filter((backend) => backend.weight > 0);
    this.credits = this.backends.map(() => 0);
  }

  async close(): Promise<void> {
    this.agent.destroy();
    const server = this.server;
    if (server === undefined) {
      return;
    }
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private pick(): WeightedBackend | undefined {
    if (this.backends.length === 0) {
      return undefined;
    }
    const total = this.backends.reduce((sum, backend) => sum + backend.weight, 0);
    let best = 0;
    for (let i = 0; i < this.backends.length; i++) {
      this.credits[i] = (this.credits[i] ?? 0) + (this.backends[i]?.weight ?? 0);
      if ((this.credits[i] ?? 0) > (this.credits[best] ?? 0)) {
        best = i;
      }
    }
    this.credits[best] = (this.credits[best] ?? 0) - total;
    return this.backends[best];
  }
}
