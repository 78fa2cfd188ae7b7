import { isRecord } from "../../../manifests/objects.ts";
import type { FieldPath, Manifest } from "../../model.ts";

/** A pod template inside a workload, with the path of its pod spec in the object. */
export interface PodTemplate {
  manifest: Manifest;
  /** Path of the pod spec (`spec.template.spec` for a Deployment). */
  specPath: FieldPath;
  spec: Record<string, unknown>;
  labels: Record<string, string>;
  /** Whether its pods are meant to keep running (not a Job's), so they need probes. */
  longRunning: boolean;
}

/** Where each workload kind keeps its pod template's metadata. */
const TEMPLATE_PATHS: Record<string, { at: FieldPath; longRunning: boolean }> = {
  Pod: { at: [], longRunning: true },
  Deployment: { at: ["spec", "template"], longRunning: true },
  StatefulSet: { at: ["spec", "template"], longRunning: true },
  DaemonSet: { at: ["spec", "template"], longRunning: true },
  ReplicaSet: { at: ["spec", "template"], longRunning: true },
  ReplicationController: { at: ["spec", "template"], longRunning: true },
  Rollout: { at: ["spec", "template"], longRunning: true },
  Job: { at: ["spec", "template"], longRunning: false },
  CronJob: { at: ["spec", "jobTemplate", "spec", "template"], longRunning: false },
};

export function podTemplateOf(manifest: Manifest): PodTemplate | undefined {
  const where = TEMPLATE_PATHS[manifest.object.kind];
  if (where === undefined) {
    return undefined;
  }
  let template: unknown = manifest.object;
  for (const segment of where.at) {
    template = isRecord(template) ? template[segment] : undefined;
  }
  if (!isRecord(template) || !isRecord(template.spec)) {
    return undefined;
  }
  const metadata = isRecord(template.metadata) ? template.metadata : {};
  const labels = isRecord(metadata.labels) ? (metadata.labels as Record<string, string>) : {};
  return {
    manifest,
    specPath: [...where.at, "spec"],
    spec: template.spec,
    labels,
    longRunning: where.longRunning,
  };
}

export function podTemplates(manifests: readonly Manifest[]): PodTemplate[] {
  return manifests.flatMap((manifest) => {
    const template = podTemplateOf(manifest);
    return template === undefined ? [] : [template];
  });
}

export interface ContainerRef {
  container: Record<string, unknown>;
  name: string;
  path: FieldPath;
  init: boolean;
}

/** Containers and init containers of a pod spec, with their paths in the object. */
export function containersOf(template: PodTemplate): ContainerRef[] {
  const refs: ContainerRef[] = [];
  for (const field of ["initContainers", "containers"] as const) {
    const list = template.spec[field];
    if (!Array.isArray(list)) {
      continue;
    }
    list.forEach((container, index) => {
      if (isRecord(container)) {
        refs.push({
          container,
          name: typeof container.name === "string" ? container.name : String(index),
          path: [...template.specPath, field, index],
          init: field === "initContainers",
        });
      }
    });
  }
  return refs;
}
