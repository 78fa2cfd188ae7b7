/**
 * Where the service is in its life: `starting` until it listens and its metrics are loaded,
 * `ready` while it takes traffic, `draining` from the shutdown signal (still serving, /ready
 * 503 so endpoints drop it), `closing` once it stops accepting and finishes what is in flight.
 */
export type Phase = "starting" | "ready" | "draining" | "closing";

export class Lifecycle {
  phase: Phase = "starting";

  get ready(): boolean {
    return this.phase === "ready";
  }

  /** Responses sent while closing ask the client to close the connection. */
  get closing(): boolean {
    return this.phase === "closing";
  }
}
