import { isRecord } from "../manifests/objects.ts";
import type { FieldReader } from "./field-reader.ts";
import type { PodTemplate } from "./model.ts";
import type { RenderedObject } from "./read-analysis.ts";

/** The container the demo app's Rollout runs (CONVENTIONS.md). */
export const containerName = "demo-app";

/**
 * Reads what the rehearsal needs from the pod template: the labels, the demo-app container's
 * environment (values, ConfigMaps, field references) and its port. The rest of the pod spec
 * (probes, resources, security) does not change how the rollout decides, so it is not read.
 */
export function readPodTemplate(
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

export function stringMap(value: unknown): Record<string, string> {
  if (!isRecord(value)) {
    return {};
  }
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, String(item)]));
}
