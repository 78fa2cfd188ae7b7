import type { IncomingMessage, ServerResponse } from "node:http";
import type { Lifecycle } from "../lifecycle/lifecycle.ts";
import type { Logger } from "../logging/logger.ts";
import type { RouteSeries } from "../metrics/request-series.ts";
import type { ServiceMetrics } from "../metrics/service-metrics.ts";
import { errorResponses, type PreparedResponse } from "./prepared-response.ts";

/**
 * The one way a request is answered: it writes the response and records it in the metrics with
 * the status actually sent, so every answer (faults and errors included) is counted.
 */
export class Responder {
  readonly #metrics: ServiceMetrics;
  readonly #lifecycle: Lifecycle;
  readonly #logger: Logger;
  readonly #debug: boolean;

  constructor(metrics: ServiceMetrics, lifecycle: Lifecycle, logger: Logger) {
    this.#metrics = metrics;
    this.#lifecycle = lifecycle;
    this.#logger = logger;
    this.#debug = logger.isLevelEnabled("debug");
  }

  send(
    req: IncomingMessage,
    res: ServerResponse,
    start: number,
    route: RouteSeries,
    status: number,
    response: PreparedResponse,
  ): void {
    if (this.#lifecycle.closing) {
      res.setHeader("connection", "close");
    }
    res.writeHead(status, response.headers);
    res.end(response.body);

    this.#record(req, start, route, status);
  }

  /** Answers 500 without internals when a handler fails; the details go to the log only. */
  fail(
    req: IncomingMessage,
    res: ServerResponse,
    start: number,
    route: RouteSeries,
    error: unknown,
  ): void {
    this.#logger.error({ err: error, route: route.route }, "request failed");
    if (res.writableEnded) {
      return;
    }
    if (res.headersSent) {
      res.destroy();
      this.#record(req, start, route, res.statusCode);
      return;
    }
    this.send(req, res, start, route, 500, errorResponses.internal);
  }

  #record(req: IncomingMessage, start: number, route: RouteSeries, status: number): void {
    const seconds = (performance.now() - start) / 1000;
    route.get(req.method as string, status).observe(seconds);
    this.#metrics.inFlight--;

    if (this.#debug) {
      this.#logger.debug({ method: req.method, route: route.route, status, seconds }, "request");
    }
  }
}
