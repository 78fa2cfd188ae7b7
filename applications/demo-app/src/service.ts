import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Config } from "./config/config.ts";
import { createRequestListener } from "./http/request-listener.ts";
import { Responder } from "./http/responder.ts";
import { createRoutes } from "./http/routes.ts";
import {
  createLimitedServer,
  defaultServerLimits,
  type ServerLimits,
} from "./http/server-limits.ts";
import { Lifecycle } from "./lifecycle/lifecycle.ts";
import { type ShutdownOutcome, shutDown } from "./lifecycle/shutdown.ts";
import type { Logger } from "./logging/logger.ts";
import { loadProcessMetrics, type ProcessMetrics } from "./metrics/process-metrics.ts";
import { ServiceMetrics } from "./metrics/service-metrics.ts";

export interface ServiceOptions {
  config: Config;
  logger: Logger;
  /** Overrides of the server limits (tests shorten the timeouts). */
  limits?: Partial<ServerLimits>;
  /** Where the process metrics come from; prom-client's defaults unless replaced. */
  processMetrics?: () => Promise<ProcessMetrics>;
}

export interface Service {
  readonly server: Server;
  readonly lifecycle: Lifecycle;
  /** The port it listens on (the kernel's choice when the config asked for 0). */
  readonly port: number;
  /** Resolves once the service reports ready. */
  readonly ready: Promise<void>;
  /** The graceful sequence that SIGTERM runs: drain, stop accepting, finish, close. */
  shutdown(): Promise<ShutdownOutcome>;
}

/** Builds the service and listens; the process entry and the tests both start it this way. */
export async function startService(options: ServiceOptions): Promise<Service> {
  const { config, logger } = options;
  const limits = { ...defaultServerLimits, ...options.limits };
  const lifecycle = new Lifecycle();

  const processMetricsLoaded = Promise.withResolvers<ProcessMetrics>();
  // A failure is answered per scrape; it must not also surface as an unhandled rejection.
  processMetricsLoaded.promise.catch(() => {});
  const metrics = new ServiceMetrics(
    {
      version: config.version,
      commit: config.commit,
      color: config.color,
      runtime: `node ${process.version}`,
    },
    processMetricsLoaded.promise,
  );
  const responder = new Responder(metrics, lifecycle, logger);
  const routes = createRoutes({ config, metrics, lifecycle, responder });
  const server = createLimitedServer(createRequestListener(routes, metrics, responder), limits);

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(config.port, config.host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;

  const ready = (options.processMetrics ?? loadProcessMetrics)()
    .then(
      (loaded) => processMetricsLoaded.resolve(loaded),
      (error: unknown) => {
        logger.error({ err: error }, "process metrics unavailable");
        processMetricsLoaded.reject(error);
      },
    )
    .then(() => {
      if (lifecycle.phase === "starting") {
        lifecycle.phase = "ready";
        logger.info({ port, version: config.version, color: config.color }, "ready");
      }
    });

  return {
    server,
    lifecycle,
    port,
    ready,
    shutdown: () =>
      shutDown(
        server,
        lifecycle,
        { delayMs: config.shutdownDelayMs, timeoutMs: config.shutdownTimeoutMs },
        logger,
      ),
  };
}
