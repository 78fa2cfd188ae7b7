import type { IncomingMessage, ServerResponse } from "node:http";
import type { Config } from "../config/config.ts";
import { drawDelay } from "../faults/delay.ts";
import { ErrorBudget } from "../faults/error-budget.ts";
import type { Lifecycle, Phase } from "../lifecycle/lifecycle.ts";
import { exposition } from "../metrics/exposition.ts";
import type { RouteSeries } from "../metrics/request-series.ts";
import type { ServiceMetrics } from "../metrics/service-metrics.ts";
import { errorResponses, prepareJson, prepareText } from "./prepared-response.ts";
import type { Responder } from "./responder.ts";

/** Answers GET and HEAD on one path; `start` is the arrival time from performance.now(). */
export type Handler = (req: IncomingMessage, res: ServerResponse, start: number) => void;

export interface Route {
  /** The `route` label: the template, never the raw path. */
  readonly template: string;
  readonly series: RouteSeries;
  readonly handle: Handler;
}

export interface RouteContext {
  config: Config;
  metrics: ServiceMetrics;
  lifecycle: Lifecycle;
  responder: Responder;
}

/** The service's paths. Only `GET /` ever gets injected faults. */
export function createRoutes(context: RouteContext): Map<string, Route> {
  const routes = [
    greeting(context),
    health(context),
    readiness(context),
    metricsRoute(context),
    version(context),
  ];
  return new Map(routes.map((route) => [route.template, route]));
}

function greeting({ config, metrics, responder }: RouteContext): Route {
  const series = metrics.route("/");
  const ok = prepareJson({
    message: "hello from demo-app",
    version: config.version,
    color: config.color,
  });
  const budget = new ErrorBudget(config.errorRate);
  const { latency } = config;

  // Series born at zero let rate() see the first failure; Prometheus cannot see the increment
  // that creates a series.
  series.get("GET", 200);
  series.get("GET", 500);

  const answer = (req: IncomingMessage, res: ServerResponse, start: number, failed: boolean) => {
    if (failed) {
      responder.send(req, res, start, series, 500, errorResponses.injected);
    } else {
      responder.send(req, res, start, series, 200, ok);
    }
  };

  const handle: Handler = (req, res, start) => {
    if (req.method !== "GET") {
      answer(req, res, start, false);
      return;
    }

    const failed = config.errorRate > 0 && budget.next();
    if (latency === undefined) {
      answer(req, res, start, failed);
    } else {
      setTimeout(answer, drawDelay(latency), req, res, start, failed);
    }
  };
  return { template: "/", series, handle };
}

function health({ metrics, responder }: RouteContext): Route {
  const series = metrics.route("/health");
  const ok = prepareJson({ status: "ok" });
  series.get("GET", 200);

  return {
    template: "/health",
    series,
    handle: (req, res, start) => responder.send(req, res, start, series, 200, ok),
  };
}

function readiness({ metrics, lifecycle, responder }: RouteContext): Route {
  const series = metrics.route("/ready");
  const answers: Record<Phase, { status: number; body: ReturnType<typeof prepareJson> }> = {
    starting: { status: 503, body: prepareJson({ status: "starting" }) },
    ready: { status: 200, body: prepareJson({ status: "ready" }) },
    draining: { status: 503, body: prepareJson({ status: "draining" }) },
    closing: { status: 503, body: prepareJson({ status: "closing" }) },
  };
  series.get("GET", 200);

  return {
    template: "/ready",
    series,
    handle: (req, res, start) => {
      const answer = answers[lifecycle.phase];
      responder.send(req, res, start, series, answer.status, answer.body);
    },
  };
}

function metricsRoute({ metrics, responder }: RouteContext): Route {
  const series = metrics.route("/metrics");
  series.get("GET", 200);

  return {
    template: "/metrics",
    series,
    handle: (req, res, start) => {
      metrics.render().then(
        (text) => {
          const body = prepareText(text, exposition.contentType);
          responder.send(req, res, start, series, 200, body);
        },
        (error: unknown) => responder.fail(req, res, start, series, error),
      );
    },
  };
}

function version({ config, metrics, responder }: RouteContext): Route {
  const series = metrics.route("/version");
  const body = prepareJson({
    version: config.version,
    commit: config.commit,
    buildTime: config.buildTime,
    runtime: `node ${process.version}`,
  });
  series.get("GET", 200);

  return {
    template: "/version",
    series,
    handle: (req, res, start) => responder.send(req, res, start, series, 200, body),
  };
}
