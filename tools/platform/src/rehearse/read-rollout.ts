import { UsageError } from "../cli/io.ts";
import { parsePauseDuration } from "./durations.ts";
import { FieldReader, isRecord } from "./field-reader.ts";
import type {
  BlueGreenStrategy,
  CanaryStep,
  CanaryStrategy,
  PodTemplate,
  RolloutPlan,
} from "./model.ts";
import { type RenderedObject, readAnalysis } from "./read-analysis.ts";

/** The container the demo app's Rollout runs (CONVENTIONS.md). */
export const containerName = "demo-app";

/** Upstream default for blue-green (FACTS.md). */
const defaultScaleDownDelaySeconds = 30;

/**
 * Reads the one Rollout of a rendered overlay, with the Services, HTTPRoute and
 * AnalysisTemplates it names, into a plan. Every field of the strategy and of the templates is
 * either understood or reported as unsupported; the pod spec is read only for the container's
 * environment and port, since the rest (probes, resources, security) does not change how the
 * rollout decides.
 */
export function readRollout(objects: readonly RenderedObject[]): RolloutPlan {
  const rollouts = objects.filter((candidate) => candidate.object.kind === "Rollout");
  if (rollouts.length !== 1) {
    const names = rollouts.map((r) => r.object.metadata.name).join(", ");
    throw new UsageError(
      `expected one Rollout in the overlay, found ${rollouts.length}${names ? ` (${names})` : ""}`,
    );
  }
  const found = rollouts[0] as RenderedObject;
  const name = found.object.metadata.name ?? "";
  const namespace = found.object.metadata.namespace ?? "default";
  const top = new FieldReader(found.object, `Rollout ${name}`, [], found.locate);
  top.ignore("apiVersion", "kind");

  const metadata = top.object("metadata");
  const labels = stringMap(metadata?.raw("labels"));
  const annotations = stringMap(metadata?.raw("annotations"));
  metadata?.ignore(...Object.keys((found.object.metadata as Record<string, unknown>) ?? {}));
  const spec = top.object("spec");
  top.ignore("status");
  top.done();
  if (spec === undefined) {
    throw top.error("spec", "is required");
  }

  const notes: string[] = [];
  if (spec.has("workloadRef")) {
    throw spec.error("workloadRef", "is not supported by the rehearsal: inline the pod template");
  }
  spec.ignore("selector", "revisionHistoryLimit", "minReadySeconds", "progressDeadlineSeconds");
  spec.ignore("progressDeadlineAbort", "restartAt", "rollbackWindow");
  const replicas = spec.integer("replicas");
  if (replicas !== undefined && replicas !== 1) {
    notes.push(`spec.replicas ${replicas}: one process per revision here; weights are exact`);
  }
  if (spec.boolean("paused") === true) {
    throw spec.error("paused", "is true: the Rollout would not progress at all");
  }
  const template = readPodTemplate(spec, objects, name, namespace);
  const strategyReader = spec.object("strategy");
  spec.done();
  if (strategyReader === undefined) {
    throw spec.error("strategy", "is required");
  }

  const canary = strategyReader.object("canary");
  const blueGreen = strategyReader.object("blueGreen");
  strategyReader.done();
  if ((canary === undefined) === (blueGreen === undefined)) {
    throw strategyReader.error(undefined, "needs exactly one of canary and blueGreen");
  }
  const strategy = canary
    ? readCanary(canary, objects, namespace, notes)
    : readBlueGreen(blueGreen as FieldReader, objects, namespace, notes);

  return { name, namespace, metadata: { labels, annotations }, template, strategy, notes };
}

function readPodTemplate(
  spec: FieldReader,
  objects: readonly RenderedObject[],
  rollout: string,
  namespace: string,
): PodTemplate {
  const template = spec.object("template");
  if (template === undefined) {
    throw spec.error("template", "is required");
  }
  const metadata = template.object("metadata");
  const labels = stringMap(metadata?.raw("labels"));
  const podSpec = template.object("spec");
  const containers = podSpec?.objects("containers") ?? [];
  const container = containers.find((c) => c.string("name") === containerName) ?? containers[0];
  if (container === undefined) {
    throw spec.error("template", "has no container");
  }

  const ports = container.objects("ports");
  const http = ports.find((port) => port.string("name") === "http") ?? ports[0];
  const containerPort = http?.integer("containerPort") ?? 8080;

  const env: Record<string, string> = {};
  for (const from of container.objects("envFrom")) {
    const configMap = from.object("configMapRef");
    const prefix = from.string("prefix") ?? "";
    if (configMap === undefined) {
      throw from.error(undefined, "is supported only with configMapRef");
    }
    const data = configMapData(objects, configMap.requiredString("name"), namespace, configMap);
    for (const [key, value] of Object.entries(data)) {
      env[`${prefix}${key}`] = value;
    }
  }
  for (const variable of container.objects("env")) {
    const key = variable.requiredString("name");
    const value = variable.string("value");
    const valueFrom = variable.object("valueFrom");
    variable.done();
    env[key] =
      value ?? (valueFrom ? readEnvSource(valueFrom, objects, namespace, labels, rollout) : "");
  }
  return { labels, env, containerPort };
}

function readEnvSource(
  valueFrom: FieldReader,
  objects: readonly RenderedObject[],
  namespace: string,
  labels: Record<string, string>,
  rollout: string,
): string {
  const fieldRef = valueFrom.object("fieldRef");
  const configMapKeyRef = valueFrom.object("configMapKeyRef");
  valueFrom.ignore("resourceFieldRef");
  valueFrom.done();
  if (configMapKeyRef) {
    const data = configMapData(
      objects,
      configMapKeyRef.requiredString("name"),
      namespace,
      configMapKeyRef,
    );
    const key = configMapKeyRef.requiredString("key");
    configMapKeyRef.ignore("optional");
    const value = data[key];
    if (value === undefined) {
      throw configMapKeyRef.error("key", `names ${key}, which the ConfigMap does not have`);
    }
    return value;
  }
  if (fieldRef) {
    const path = fieldRef.requiredString("fieldPath");
    fieldRef.ignore("apiVersion");
    const label = /^metadata\.labels\['(.+)'\]$/.exec(path);
    if (label) {
      return labels[label[1] ?? ""] ?? "";
    }
    // Pod name and IP are filled in per process by the runner; these stand in before that.
    const known: Record<string, string> = {
      "metadata.namespace": namespace,
      "metadata.name": `${rollout}-pod`,
      "status.podIP": "127.0.0.1",
      "spec.nodeName": "localhost",
    };
    const value = known[path];
    if (value === undefined) {
      throw fieldRef.error("fieldPath", `${path} is not supported by the rehearsal`);
    }
    return value;
  }
  return "";
}

function configMapData(
  objects: readonly RenderedObject[],
  name: string,
  namespace: string,
  reader: FieldReader,
): Record<string, string> {
  const found = objects.find(
    (o) =>
      o.object.kind === "ConfigMap" &&
      o.object.metadata.name === name &&
      (o.object.metadata.namespace ?? namespace) === namespace,
  );
  if (found === undefined) {
    throw reader.error("name", `names ConfigMap ${name}, which the overlay does not render`);
  }
  return stringMap(found.object.data);
}

function readCanary(
  canary: FieldReader,
  objects: readonly RenderedObject[],
  namespace: string,
  notes: string[],
): CanaryStrategy {
  const stableService = canary.requiredString("stableService");
  const canaryService = canary.requiredString("canaryService");
  requireService(canary, "stableService", stableService, objects, namespace);
  requireService(canary, "canaryService", canaryService, objects, namespace);
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
    stableService,
    canaryService,
  );
  if (trafficRouting === undefined) {
    notes.push(
      "no trafficRouting: a cluster approximates weights with replica counts; here they are exact",
    );
  }

  const steps: CanaryStep[] = canary
    .objects("steps")
    .map((step, index) => readStep(step, index, objects, namespace));
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
): CanaryStep {
  const keys = ["setWeight", "pause", "analysis"];
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

function readBlueGreen(
  blueGreen: FieldReader,
  objects: readonly RenderedObject[],
  namespace: string,
  notes: string[],
): BlueGreenStrategy {
  const activeService = blueGreen.requiredString("activeService");
  requireService(blueGreen, "activeService", activeService, objects, namespace);
  const previewService = blueGreen.string("previewService");
  if (previewService) {
    requireService(blueGreen, "previewService", previewService, objects, namespace);
  }
  const autoPromotionEnabled = blueGreen.boolean("autoPromotionEnabled") ?? true;
  const autoPromotionSeconds = blueGreen.integer("autoPromotionSeconds");
  const scaleDownDelaySeconds =
    blueGreen.integer("scaleDownDelaySeconds") ?? defaultScaleDownDelaySeconds;
  blueGreen.ignore(
    "previewReplicaCount",
    "abortScaleDownDelaySeconds",
    "scaleDownDelayRevisionLimit",
  );
  blueGreen.ignore("antiAffinity", "activeMetadata", "previewMetadata");
  const pre = blueGreen.object("prePromotionAnalysis");
  const post = blueGreen.object("postPromotionAnalysis");
  blueGreen.done();

  const prePromotionAnalysis = pre ? readAnalysis(pre, objects, namespace) : undefined;
  pre?.done();
  const postPromotionAnalysis = post ? readAnalysis(post, objects, namespace) : undefined;
  post?.done();
  if (prePromotionAnalysis && !previewService) {
    notes.push(
      "prePromotionAnalysis without previewService: the new revision gets no traffic before promotion",
    );
  }
  return {
    kind: "blueGreen",
    activeService,
    previewService,
    autoPromotionEnabled,
    autoPromotionSeconds,
    scaleDownDelaySeconds,
    prePromotionAnalysis,
    postPromotionAnalysis,
  };
}

function requireService(
  reader: FieldReader,
  key: string,
  name: string,
  objects: readonly RenderedObject[],
  namespace: string,
): void {
  const found = objects.some(
    (o) =>
      o.object.kind === "Service" &&
      o.object.metadata.name === name &&
      (o.object.metadata.namespace ?? namespace) === namespace,
  );
  if (!found) {
    throw reader.error(key, `names Service ${name}, which the overlay does not render`);
  }
}

function stringMap(value: unknown): Record<string, string> {
  if (!isRecord(value)) {
    return {};
  }
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, String(item)]));
}
