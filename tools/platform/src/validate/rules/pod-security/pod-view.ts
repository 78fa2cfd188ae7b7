/**
 * A read-only view of a pod template as written in YAML: untyped values read the way the
 * Kubernetes API decodes them (absent and null are the same; booleans are only true or false).
 */

import type { FieldPath } from "../../model.ts";

export type Fields = Readonly<Record<string, unknown>>;

/** A pod as the checks see it: paths start with "metadata" or "spec". */
export interface PodView {
  metadata: Fields;
  spec: Fields;
}

export interface ContainerView {
  name: string;
  fields: Fields;
  /** Path to the container, such as ["spec", "initContainers", 0]. */
  path: FieldPath;
}

export function asFields(value: unknown): Fields | undefined {
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    return undefined;
  }
  return value as Fields;
}

export function asList(value: unknown): readonly unknown[] {
  return Array.isArray(value) ? value : [];
}

/** The value at a path below `fields`, or undefined when any step is absent or null. */
export function dig(fields: Fields | undefined, ...path: readonly string[]): unknown {
  let current: unknown = fields;
  for (const key of path) {
    const record = asFields(current);
    if (record === undefined) {
      return undefined;
    }
    current = record[key];
  }
  return current ?? undefined;
}

export function isPresent(value: unknown): boolean {
  return value !== undefined && value !== null;
}

export function text(value: unknown): string {
  return typeof value === "string" ? value : "";
}

/** The order pod-security-admission visits containers in: init, regular, ephemeral. */
const containerLists = ["initContainers", "containers", "ephemeralContainers"] as const;

export function containersOf(pod: PodView): ContainerView[] {
  const containers: ContainerView[] = [];
  for (const list of containerLists) {
    asList(pod.spec[list]).forEach((item, index) => {
      const fields = asFields(item) ?? {};
      containers.push({ name: text(fields.name), fields, path: ["spec", list, index] });
    });
  }
  return containers;
}

/** A value the way a finding quotes it. */
export function shown(value: unknown): string {
  if (value === undefined || value === null) {
    return "unset";
  }
  return JSON.stringify(value);
}

/** Pods that run in a user namespace get some restricted checks relaxed from v1.35 on. */
export function inUserNamespace(pod: PodView): boolean {
  return pod.spec.hostUsers === false;
}

/** Windows pods are exempt from some restricted checks from v1.25 on. */
export function isWindows(pod: PodView): boolean {
  return dig(pod.spec, "os", "name") === "windows";
}
