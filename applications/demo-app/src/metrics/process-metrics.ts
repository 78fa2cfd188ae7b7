import { createRequire } from "node:module";
import type { collectDefaultMetrics as CollectDefaultMetrics, Registry } from "prom-client";

/** The runtime's default process metrics (CPU, memory, event loop, GC), from prom-client. */
export interface ProcessMetrics {
  render(): Promise<string>;
}

const require = createRequire(import.meta.url);

/**
 * Loads prom-client's registry and default metrics on demand, after the service listens (the
 * service reports ready once they are there). Only those two modules: the package entry also
 * loads its Pushgateway client and with it TLS: about 8 MiB of resident memory (measured here)
 * for nothing the service uses.
 */
export async function loadProcessMetrics(): Promise<ProcessMetrics> {
  const RegistryClass = require("prom-client/lib/registry.js") as typeof Registry;
  const collectDefaultMetrics =
    require("prom-client/lib/defaultMetrics.js") as typeof CollectDefaultMetrics;

  const registry = new RegistryClass();
  collectDefaultMetrics({ register: registry });
  return { render: () => registry.metrics() };
}
