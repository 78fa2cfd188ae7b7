import { isRecord } from "../../../manifests/objects.ts";
import type { Manifest, ValidationInput } from "../../model.ts";
import { type PodTemplate, podTemplateOf, podTemplates } from "../shared/pod-templates.ts";

/** Looks objects up by kind, namespace and name, and pod templates by namespace. */
export class ObjectIndex {
  readonly #objects = new Map<string, Manifest>();
  readonly templates: PodTemplate[];
  readonly services: Manifest[];
  /** Namespaces Helm charts deploy into: their objects are invisible here. */
  readonly chartNamespaces: Set<string>;

  constructor(input: ValidationInput) {
    for (const manifest of input.manifests) {
      const { kind, metadata } = manifest.object;
      this.#objects.set(key(kind, metadata.namespace, metadata.name ?? ""), manifest);
    }
    this.templates = [
      ...podTemplates(input.manifests),
      ...input.manifests.flatMap(experimentTemplates),
    ];
    this.services = input.manifests.filter((manifest) => manifest.object.kind === "Service");
    this.chartNamespaces = new Set(
      input.helmValues.flatMap((values) => {
        const spec = values.application.object.spec;
        const destination = isRecord(spec) && isRecord(spec.destination) ? spec.destination : {};
        return typeof destination.namespace === "string" ? [destination.namespace] : [];
      }),
    );
  }

  find(kind: string, namespace: string | undefined, name: string): Manifest | undefined {
    return (
      this.#objects.get(key(kind, namespace, name)) ?? this.#objects.get(key(kind, undefined, name))
    );
  }

  /** Every object of a kind in a namespace (or without one, as kustomize leaves them). */
  ofKind(kind: string, namespace: string | undefined): Manifest[] {
    return [...this.#objects.values()].filter(
      ({ object }) =>
        object.kind === kind &&
        (object.metadata.namespace === namespace || object.metadata.namespace === undefined),
    );
  }

  templatesIn(namespaces: (namespace: string | undefined) => boolean): PodTemplate[] {
    return this.templates.filter((template) =>
      namespaces(template.manifest.object.metadata.namespace),
    );
  }
}

function key(kind: string, namespace: string | undefined, name: string): string {
  return `${kind}/${namespace ?? ""}/${name}`;
}

/**
 * Pods that experiments run, which Services may select: an Experiment's templates, and the
 * templates of a Rollout's experiment steps, which run the Rollout's pods with the step's
 * `metadata.labels` added (Argo Rollouts' experiment step, e.g. a preview stack reached through
 * its own Service).
 */
function experimentTemplates(manifest: Manifest): PodTemplate[] {
  const { object } = manifest;
  const spec = isRecord(object.spec) ? object.spec : {};
  if (object.kind === "Experiment") {
    return recordsIn(spec.templates).flatMap((entry, index) => {
      const template = isRecord(entry.template) ? entry.template : {};
      const specPath = ["spec", "templates", index, "template", "spec"];
      return isRecord(template.spec)
        ? [labelled(manifest, specPath, template.spec, labelsOf(template))]
        : [];
    });
  }

  const base = object.kind === "Rollout" ? podTemplateOf(manifest) : undefined;
  const strategy = isRecord(spec.strategy) ? spec.strategy : {};
  const canary = isRecord(strategy.canary) ? strategy.canary : {};
  if (base === undefined) {
    return [];
  }
  return recordsIn(canary.steps).flatMap((step) => {
    const experiment = isRecord(step.experiment) ? step.experiment : {};
    return recordsIn(experiment.templates).map((entry) =>
      labelled(manifest, base.specPath, base.spec, { ...base.labels, ...labelsOf(entry) }),
    );
  });
}

function labelled(
  manifest: Manifest,
  specPath: PodTemplate["specPath"],
  spec: Record<string, unknown>,
  labels: Record<string, string>,
): PodTemplate {
  return { manifest, specPath, spec, labels, longRunning: true };
}

function recordsIn(value: unknown): Record<string, unknown>[] {
  return Array.isArray(value) ? value.filter(isRecord) : [];
}

function labelsOf(holder: Record<string, unknown>): Record<string, string> {
  const metadata = isRecord(holder.metadata) ? holder.metadata : {};
  return isRecord(metadata.labels) ? (metadata.labels as Record<string, string>) : {};
}
