/**
 * Where each kind of workload keeps the pods it makes. pod-security-admission checks Pods and,
 * for warnings, the templates of these kinds; Argo Rollouts' Rollout keeps its template in
 * spec.template too, unless spec.workloadRef borrows a Deployment's.
 */

import type { FieldPath, Manifest } from "../../model.ts";
import { asFields, isPresent, type PodView } from "./pod-view.ts";

export interface PodTemplate {
  manifest: Manifest;
  /** The namespace the pods run in, when the object names one. */
  namespace: string | undefined;
  pod: PodView;
  /** Where the pod's metadata and spec sit in the object. */
  metadataPath: FieldPath;
  specPath: FieldPath;
}

const templatePaths: Readonly<Record<string, FieldPath>> = {
  "v1/Pod": [],
  "v1/PodTemplate": ["template"],
  "v1/ReplicationController": ["spec", "template"],
  "apps/Deployment": ["spec", "template"],
  "apps/StatefulSet": ["spec", "template"],
  "apps/DaemonSet": ["spec", "template"],
  "apps/ReplicaSet": ["spec", "template"],
  "batch/Job": ["spec", "template"],
  "batch/CronJob": ["spec", "jobTemplate", "spec", "template"],
  "argoproj.io/Rollout": ["spec", "template"],
};

/** "apps/v1" -> "apps", "v1" -> "v1": the kinds above are the same in every version. */
function groupOf(apiVersion: string): string {
  const slash = apiVersion.indexOf("/");
  return slash === -1 ? apiVersion : apiVersion.slice(0, slash);
}

function at(value: unknown, path: FieldPath): unknown {
  let current = value;
  for (const key of path) {
    current = asFields(current)?.[String(key)];
  }
  return current;
}

/** The pod template of a manifest, or undefined when its kind has none (or borrows one). */
export function podTemplateOf(manifest: Manifest): PodTemplate | undefined {
  const { object } = manifest;
  const base = templatePaths[`${groupOf(object.apiVersion)}/${object.kind}`];
  if (base === undefined) {
    return undefined;
  }
  if (object.kind === "Rollout" && isPresent(at(object, ["spec", "workloadRef"]))) {
    return undefined;
  }

  const template = asFields(at(object, base));
  if (template === undefined) {
    return undefined;
  }
  const pod: PodView = {
    metadata: asFields(template.metadata) ?? {},
    spec: asFields(template.spec) ?? {},
  };
  return {
    manifest,
    namespace: object.metadata.namespace,
    pod,
    metadataPath: [...base, "metadata"],
    specPath: [...base, "spec"],
  };
}

export function podTemplatesOf(manifests: readonly Manifest[]): PodTemplate[] {
  return manifests.flatMap((manifest) => podTemplateOf(manifest) ?? []);
}

/** Turns a path from a check ("metadata"/"spec" first) into a path in the object. */
export function objectPath(template: PodTemplate, podPath: FieldPath): FieldPath {
  const [head, ...rest] = podPath;
  const base = head === "metadata" ? template.metadataPath : template.specPath;
  return [...base, ...rest];
}
