import { parsePauseDuration } from "./durations.ts";
import type { FieldReader } from "./field-reader.ts";
import type { CanaryStep, CanaryStrategy } from "./model.ts";
import { type RenderedObject, readAnalysis } from "./read-analysis.ts";
import { requireService } from "./require-service.ts";

/** Reads `spec.strategy.canary`: services, traffic routing, steps and background analysis. */
export function readCanary(
  canary: FieldReader,
  objects: readonly RenderedObject[],
  namespace: string,
  notes: string[],
): CanaryStrategy {
  // Upstream's validation requires the two Services only with trafficRouting: a basic canary
  // shifts traffic with replica counts (pkg/apis/rollouts/validation/validation.go).
  const services: Record<string, string | undefined> = {};
  for (const key of ["stableService", "canaryService"]) {
    const name = canary.string(key) || undefined;
    if (name === undefined && canary.has("trafficRouting")) {
      throw canary.error(key, "is required with trafficRouting");
    }
    if (name !== undefined) {
      requireService(canary, key, name, objects, namespace);
    }
    services[key] = name;
  }
  const { stableService, canaryService } = services;
  canary.ignore(
    "maxSurge",
    "maxUnavailable",
    "scaleDownDelaySeconds",
    "abortScaleDownDelaySeconds",
  );
  canary.ignore("dynamicStableScale", "scaleDownDelayRevisionLimit", "minPodsPerReplicaSet");
  canary.ignore("canaryMetadata", "stableMetadata", "antiAffinity");

  const trafficRouting = readTrafficRouting(
    canary,
    objects,
    namespace,
    stableService ?? "",
    canaryService ?? "",
  );
  if (trafficRouting === undefined) {
    notes.push(
      "no trafficRouting: a cluster approximates weights with replica counts; here they are exact",
    );
  }

  const steps: CanaryStep[] = canary
    .objects("steps")
    .map((step, index) => readStep(step, index, objects, namespace, trafficRouting !== undefined));
  const backgroundReader = canary.object("analysis");
  canary.done();

  let background: CanaryStrategy["background"];
  if (backgroundReader) {
    const startingStep = backgroundReader.integer("startingStep") ?? 0;
    if (startingStep < 0 || startingStep > steps.length) {
      throw backgroundReader.error(
        "startingStep",
        `expected 0 to ${steps.length}, found ${startingStep}`,
      );
    }
    background = { ...readAnalysis(backgroundReader, objects, namespace), startingStep };
    backgroundReader.done();
  }
  return { kind: "canary", steps, background, stableService, canaryService, trafficRouting };
}

function readStep(
  step: FieldReader,
  index: number,
  objects: readonly RenderedObject[],
  namespace: string,
  routed: boolean,
): CanaryStep {
  const keys = ["setWeight", "pause", "analysis", "setCanaryScale"];
  const present = keys.filter((key) => step.has(key));
  if (present.length !== 1) {
    step.ignore(...keys);
    step.done();
    throw step.error(undefined, `expected exactly one of ${keys.join(", ")}`);
  }

  if (present[0] === "setWeight") {
    const weight = step.integer("setWeight") ?? 0;
    step.done();
    if (weight < 0 || weight > 100) {
      throw step.error("setWeight", `expected 0 to 100, found ${weight}`);
    }
    return { kind: "setWeight", weight, index };
  }

  if (present[0] === "setCanaryScale") {
    const scale = step.object("setCanaryScale") as FieldReader;
    step.done();
    return { kind: "setCanaryScale", scale: readCanaryScale(scale, routed), index };
  }

  if (present[0] === "pause") {
    const pause = step.object("pause");
    step.done();
    const raw = pause?.raw("duration");
    pause?.done();
    if (raw === undefined) {
      return { kind: "pause", durationMs: undefined, index };
    }
    const durationMs = parsePauseDuration(raw);
    if (durationMs === undefined) {
      throw (pause as FieldReader).error(
        "duration",
        `expected seconds or a duration such as 30s, 5m, 1h, found ${JSON.stringify(raw)}`,
      );
    }
    return { kind: "pause", durationMs, index };
  }

  const analysis = step.object("analysis") as FieldReader;
  step.done();
  const spec = readAnalysis(analysis, objects, namespace);
  analysis.done();
  return { kind: "analysis", analysis: spec, index };
}

/**
 * Upstream accepts setCanaryScale only with trafficRouting (validation.go), where it sets the
 * canary's replica count while the router keeps the weights; one process per revision here, so
 * the step is checked and described, and the traffic stays as the last setWeight left it.
 */
function readCanaryScale(scale: FieldReader, routed: boolean): string {
  const keys = ["replicas", "weight", "matchTrafficWeight"];
  const present = keys.filter((key) => scale.has(key));
  const replicas = scale.integer("replicas");
  const weight = scale.integer("weight");
  const matchTrafficWeight = scale.boolean("matchTrafficWeight");
  scale.done();
  if (!routed) {
    throw scale.error(undefined, "requires trafficRouting, as upstream's validation says");
  }
  if (present.length !== 1) {
    throw scale.error(undefined, `expected exactly one of ${keys.join(", ")}`);
  }
  if (replicas !== undefined) {
    if (replicas < 0) {
      throw scale.error("replicas", `expected 0 or more, found ${replicas}`);
    }
    return `replicas ${replicas}`;
  }
  if (weight !== undefined) {
    if (weight < 0 || weight > 100) {
      throw scale.error("weight", `expected 0 to 100, found ${weight}`);
    }
    return `weight ${weight}`;
  }
  return matchTrafficWeight ? "matchTrafficWeight" : "matchTrafficWeight false";
}

/**
 * The Gateway API plugin is the one router the platform uses (FACTS.md); its HTTPRoute must
 * send traffic to the stable and canary Services, or the weights would move nothing.
 */
function readTrafficRouting(
  canary: FieldReader,
  objects: readonly RenderedObject[],
  namespace: string,
  stableService: string,
  canaryService: string,
): string | undefined {
  const routing = canary.object("trafficRouting");
  if (routing === undefined) {
    return undefined;
  }
  const plugins = routing.object("plugins");
  routing.done();
  if (plugins === undefined) {
    throw routing.error(undefined, "is supported only with plugins (the Gateway API plugin)");
  }
  const gatewayApi = plugins.object("argoproj-labs/gatewayAPI");
  plugins.done();
  if (gatewayApi === undefined) {
    throw plugins.error(undefined, "is supported only with argoproj-labs/gatewayAPI");
  }
  const routeName = gatewayApi.string("httpRoute");
  const routeNamespace = gatewayApi.string("namespace") ?? namespace;
  const routes = gatewayApi.objects("httpRoutes").map((route) => {
    const name = route.requiredString("name");
    route.ignore("useHeaderRoutes");
    route.done();
    return name;
  });
  gatewayApi.done();
  const names = routeName ? [routeName, ...routes] : routes;
  if (names.length === 0) {
    throw gatewayApi.error("httpRoute", "is required");
  }
  for (const name of names) {
    const route = objects.find(
      (o) =>
        o.object.kind === "HTTPRoute" &&
        o.object.metadata.name === name &&
        (o.object.metadata.namespace ?? namespace) === routeNamespace,
    );
    if (route === undefined) {
      throw gatewayApi.error(
        "httpRoute",
        `names HTTPRoute ${name}, which the overlay does not render`,
      );
    }
    const backends = JSON.stringify(
      (route.object.spec as Record<string, unknown> | undefined)?.rules ?? [],
    );
    for (const service of [stableService, canaryService]) {
      if (!backends.includes(`"name":"${service}"`)) {
        throw gatewayApi.error(
          "httpRoute",
          `names HTTPRoute ${name}, whose rules do not send traffic to Service ${service}`,
        );
      }
    }
  }
  return `Gateway API HTTPRoute ${names.join(", ")}`;
}
