import {
  formatSelector,
  isEmptySelector,
  matchesLabels,
  parseLabelSelector,
} from "../../../kubernetes/label-selector.ts";
import { isRecord, objectRef } from "../../../manifests/objects.ts";
import { parsePauseDuration } from "../../../rehearse/durations.ts";
import type { FieldPath, Finding, Rule, ValidationInput } from "../../model.ts";
import { formatPath } from "../shared/format-path.ts";

const RULE_ID = "rollout";

/** The actions a canary step may take: upstream wants at least one. */
const STEP_TYPES = [
  "setWeight",
  "pause",
  "analysis",
  "experiment",
  "setCanaryScale",
  "setHeaderRoute",
  "setMirrorRoute",
  "plugin",
];

/** Of these, upstream allows only one in a step (hasMultipleStepsType). */
const EXCLUSIVE_STEP_TYPES = ["setWeight", "pause", "experiment", "analysis"];

type Report = (path: FieldPath, message: string) => void;

export const rolloutRule: Rule = {
  id: RULE_ID,
  summary:
    "every Rollout passes Argo Rollouts' own spec validation: a selector that matches the " +
    "template's labels, one strategy, distinct Services, one action per canary step, weights " +
    "within the maximum, pause durations that read, features that need traffic routing",
  why:
    "the API server accepts any Rollout its CRD allows; the controller then marks an invalid " +
    "one InvalidSpec and never rolls it out, which Argo CD shows only as Degraded after the sync",

  check(input: ValidationInput): Finding[] {
    const findings: Finding[] = [];
    for (const manifest of input.manifests) {
      const { apiVersion, kind, spec } = manifest.object;
      if (kind !== "Rollout" || !apiVersion.startsWith("argoproj.io/") || !isRecord(spec)) {
        continue;
      }
      const report: Report = (path, message) =>
        findings.push({
          ruleId: RULE_ID,
          severity: "error",
          message:
            `${formatPath(["spec", ...path])}: ${message}; ` +
            "Argo Rollouts marks the Rollout InvalidSpec",
          source: manifest.locate(["spec", ...path]),
          object: objectRef(manifest),
        });
      checkSelector(spec, report);
      checkTiming(spec, report);
      checkStrategy(spec, report);
    }
    return findings;
  },
};

/**
 * upstream ValidateRolloutSpec: without a workloadRef, the selector is required, not empty,
 * and matches the template's labels (the ReplicaSet validation it reuses).
 */
function checkSelector(spec: Record<string, unknown>, report: Report): void {
  if (spec.workloadRef !== undefined) {
    return;
  }
  if (spec.selector === undefined || spec.selector === null) {
    report(["selector"], "expected a selector, found none");
    return;
  }
  const parsed = parseLabelSelector(spec.selector);
  // An unreadable selector is the schema rule's finding.
  if (!parsed.ok) {
    return;
  }
  if (isEmptySelector(parsed.selector)) {
    report(["selector"], "expected a selector with matchLabels or matchExpressions, found {}");
    return;
  }
  const template = isRecord(spec.template) ? spec.template : {};
  const metadata = isRecord(template.metadata) ? template.metadata : {};
  const labels = isRecord(metadata.labels) ? metadata.labels : {};
  const stringLabels = Object.fromEntries(
    Object.entries(labels).map(([key, value]) => [key, String(value)]),
  );
  if (!matchesLabels(parsed.selector, stringLabels)) {
    const shown = Object.entries(stringLabels).map(([key, value]) => `${key}=${value}`);
    report(
      ["template", "metadata", "labels"],
      `expected the template's labels to match the selector ${formatSelector(parsed.selector)}, ` +
        `found ${shown.length > 0 ? shown.join(",") : "none"}`,
    );
  }
}

/** progressDeadlineSeconds (600 by default) must exceed minReadySeconds. */
function checkTiming(spec: Record<string, unknown>, report: Report): void {
  const minReady = typeof spec.minReadySeconds === "number" ? spec.minReadySeconds : 0;
  const deadline =
    typeof spec.progressDeadlineSeconds === "number" ? spec.progressDeadlineSeconds : 600;
  if (deadline <= minReady) {
    report(
      ["progressDeadlineSeconds"],
      `expected progressDeadlineSeconds above minReadySeconds (${minReady}), found ${deadline}`,
    );
  }
}

/** upstream ValidateRolloutStrategy and its blue-green and canary parts. */
function checkStrategy(spec: Record<string, unknown>, report: Report): void {
  const strategy = isRecord(spec.strategy) ? spec.strategy : {};
  const blueGreen = isRecord(strategy.blueGreen) ? strategy.blueGreen : undefined;
  const canary = isRecord(strategy.canary) ? strategy.canary : undefined;
  if (blueGreen === undefined && canary === undefined) {
    report(["strategy"], "expected strategy.canary or strategy.blueGreen, found neither");
    return;
  }
  if (blueGreen !== undefined && canary !== undefined) {
    report(["strategy"], "expected one strategy, found both canary and blueGreen");
    return;
  }
  if (blueGreen !== undefined) {
    if (blueGreen.activeService === blueGreen.previewService) {
      report(
        ["strategy", "blueGreen", "previewService"],
        "expected a preview Service other than the active one, " +
          `found ${JSON.stringify(blueGreen.previewService ?? "")} for both`,
      );
    }
    return;
  }
  if (canary !== undefined) {
    checkCanary(canary, report);
  }
}

function checkCanary(canary: Record<string, unknown>, report: Report): void {
  const at = (...path: FieldPath): FieldPath => ["strategy", "canary", ...path];
  const routing = isRecord(canary.trafficRouting) ? canary.trafficRouting : undefined;

  if (
    typeof canary.stableService === "string" &&
    canary.stableService !== "" &&
    canary.stableService === canary.canaryService
  ) {
    report(
      at("canaryService"),
      `expected a canary Service other than the stable one, found ${canary.stableService} for both`,
    );
  }
  if (isZero(canary.maxSurge) && isZero(canary.maxUnavailable)) {
    report(at("maxSurge"), "expected maxSurge or maxUnavailable above 0, found both 0");
  }
  if (routing === undefined) {
    for (const field of ["scaleDownDelaySeconds", "dynamicStableScale"]) {
      if (canary[field] !== undefined && canary[field] !== false) {
        report(at(field), `expected trafficRouting, which ${field} needs, found none`);
      }
    }
  }

  const maxWeight =
    routing !== undefined && typeof routing.maxTrafficWeight === "number"
      ? routing.maxTrafficWeight
      : 100;
  const steps = Array.isArray(canary.steps) ? canary.steps : [];
  steps.forEach((step, index) => {
    if (!isRecord(step)) {
      return;
    }
    const types = STEP_TYPES.filter((type) => step[type] !== undefined && step[type] !== null);
    const exclusive = types.filter((type) => EXCLUSIVE_STEP_TYPES.includes(type));
    if (types.length === 0) {
      report(at("steps", index), `expected one of ${STEP_TYPES.join(", ")}, found none`);
    } else if (exclusive.length > 1) {
      report(
        at("steps", index),
        `expected one of ${EXCLUSIVE_STEP_TYPES.join(", ")} in a step, ` +
          `found ${exclusive.join(" and ")}`,
      );
    }
    const weight = step.setWeight;
    if (typeof weight === "number" && (weight < 0 || weight > maxWeight)) {
      report(
        at("steps", index, "setWeight"),
        `expected a weight from 0 to ${maxWeight}, found ${weight}`,
      );
    }
    const pause = step.pause;
    if (isRecord(pause) && pause.duration !== undefined && pause.duration !== null) {
      if (parsePauseDuration(pause.duration) === undefined) {
        report(
          at("steps", index, "pause", "duration"),
          "expected seconds or a duration of 0 or more such as 30s or 1m30s, " +
            `found ${JSON.stringify(pause.duration)}`,
        );
      }
    }
    if (step.setCanaryScale !== undefined && routing === undefined) {
      report(
        at("steps", index, "setCanaryScale"),
        "expected trafficRouting, which setCanaryScale needs, found none",
      );
    }
  });
}

function isZero(value: unknown): boolean {
  return value === 0 || value === "0" || value === "0%";
}
