import { UsageError } from "../cli/io.ts";
import { FieldReader } from "./field-reader.ts";
import type { RolloutPlan } from "./model.ts";
import type { RenderedObject } from "./read-analysis.ts";
import { readBlueGreen } from "./read-blue-green.ts";
import { readCanary } from "./read-canary.ts";
import { readPodTemplate, stringMap } from "./read-pod-template.ts";

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
