import { isRecord } from "../../../manifests/objects.ts";
import type { Manifest, ValidationInput } from "../../model.ts";
import { type PodTemplate, podTemplates } from "../shared/pod-templates.ts";

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
    this.templates = podTemplates(input.manifests);
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

  templatesIn(namespaces: (namespace: string | undefined) => boolean): PodTemplate[] {
    return this.templates.filter((template) =>
      namespaces(template.manifest.object.metadata.namespace),
    );
  }
}

function key(kind: string, namespace: string | undefined, name: string): string {
  return `${kind}/${namespace ?? ""}/${name}`;
}
