import type { IncomingMessage, ServerResponse } from "node:http";
import { unknownRoute } from "../metrics/names.ts";
import type { ServiceMetrics } from "../metrics/service-metrics.ts";
import { errorResponses } from "./prepared-response.ts";
import type { Responder } from "./responder.ts";
import type { Route } from "./routes.ts";

/**
 * Routes each request by its path (the query string is ignored): 404 for unknown paths, all
 * counted under one `route` value so clients cannot grow the series; 405 with `Allow` for a
 * method other than GET and HEAD; 500 without internals when a handler throws.
 */
export function createRequestListener(
  routes: ReadonlyMap<string, Route>,
  metrics: ServiceMetrics,
  responder: Responder,
): (req: IncomingMessage, res: ServerResponse) => void {
  const unmatched = metrics.route(unknownRoute);

  return (req, res) => {
    const start = performance.now();
    metrics.inFlight++;

    const url = req.url as string;
    const query = url.indexOf("?");
    const route = routes.get(query === -1 ? url : url.slice(0, query));

    try {
      if (route === undefined) {
        responder.send(req, res, start, unmatched, 404, errorResponses.notFound);
      } else if (req.method !== "GET" && req.method !== "HEAD") {
        responder.send(req, res, start, route.series, 405, errorResponses.methodNotAllowed);
      } else {
        route.handle(req, res, start);
      }
    } catch (error) {
      responder.fail(req, res, start, route?.series ?? unmatched, error);
    }
  };
}
