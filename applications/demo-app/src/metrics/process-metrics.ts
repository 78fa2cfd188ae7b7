/** The runtime's default process metrics (CPU, memory, event loop, GC), from prom-client. */
export interface ProcessMetrics {
  render(): Promise<string>;
}

/**
 * Loads prom-client on demand: importing it takes about 60 ms here, more than the rest of the
 * start, so the service loads it after it listens and reports ready once it is there.
 */
export async function loadProcessMetrics(): Promise<ProcessMetrics> {
  const { Registry, collectDefaultMetrics } = await import("prom-client");
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  return { render: () => registry.metrics() };
}
