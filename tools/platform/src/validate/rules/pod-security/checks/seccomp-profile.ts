import type { FieldPath } from "../../../model.ts";
import {
  asFields,
  containersOf,
  dig,
  isPresent,
  isWindows,
  type PodView,
  shown,
} from "../pod-view.ts";
import type { CheckDefinition, Violation } from "./check.ts";

const allowedTypes = new Set(["RuntimeDefault", "Localhost"]);
const expectedType = '"RuntimeDefault" or "Localhost"';

/** Before v1.19 seccomp was set by alpha annotations, so old policy versions check those. */
const podAnnotation = "seccomp.security.alpha.kubernetes.io/pod";
const containerAnnotationPrefix = "container.seccomp.security.alpha.kubernetes.io/";

function allowedAnnotation(value: unknown): boolean {
  const profile = typeof value === "string" ? value : "";
  return (
    profile === "runtime/default" ||
    profile === "docker/default" ||
    profile.startsWith("localhost/")
  );
}

function checkAnnotations(pod: PodView): Violation[] {
  const annotations = asFields(pod.metadata.annotations) ?? {};
  const keys = [podAnnotation, ...containersOf(pod).map((c) => containerAnnotationPrefix + c.name)];
  return [...new Set(keys)]
    .filter((key) => key in annotations && !allowedAnnotation(annotations[key]))
    .map((key) => ({
      path: ["metadata", "annotations", key],
      expected: '"runtime/default", "docker/default" or "localhost/<profile>"',
      found: shown(annotations[key]),
    }));
}

interface Setting {
  path: FieldPath;
  container?: string;
  /** Whether the field is written at all. */
  set: boolean;
  valid: boolean;
  type: unknown;
}

function setting(securityContext: unknown, path: FieldPath, container?: string): Setting {
  const profile = dig(asFields(securityContext), "seccompProfile");
  const type = asFields(profile)?.type;
  const valid = typeof type === "string" && allowedTypes.has(type);
  const owner = container === undefined ? {} : { container };
  return {
    path: [...path, "seccompProfile", "type"],
    ...owner,
    set: isPresent(profile),
    valid,
    type,
  };
}

function podSetting(pod: PodView): Setting {
  return setting(pod.spec.securityContext, ["spec", "securityContext"]);
}

function containerSettings(pod: PodView): Setting[] {
  return containersOf(pod).map((c) =>
    setting(c.fields.securityContext, [...c.path, "securityContext"], c.name),
  );
}

function explicitlyBad(item: Setting): Violation {
  const owner = item.container === undefined ? {} : { container: item.container };
  return { path: item.path, ...owner, expected: expectedType, found: shown(item.type) };
}

/** Baseline: a profile, where one is written, must not be Unconfined. */
function checkFields(pod: PodView): Violation[] {
  return [podSetting(pod), ...containerSettings(pod)]
    .filter((item) => item.set && !item.valid)
    .map(explicitlyBad);
}

/** Restricted: every container must end up with an allowed profile, its own or the pod's. */
function checkRequired(pod: PodView): Violation[] {
  const pod_ = podSetting(pod);
  const violations = pod_.set && !pod_.valid ? [explicitlyBad(pod_)] : [];
  const podCovers = pod_.set && pod_.valid;

  for (const item of containerSettings(pod)) {
    if (item.set && !item.valid) {
      violations.push(explicitlyBad(item));
    } else if (!item.set && !podCovers) {
      violations.push({
        path: item.path,
        container: item.container ?? "",
        expected: `${expectedType} on the container or the pod`,
        found: "unset",
      });
    }
  }
  return violations;
}

/** From v1.25, a pod that declares os.name windows is exempt (the field is Linux only). */
function checkRequiredUnlessWindows(pod: PodView): Violation[] {
  return isWindows(pod) ? [] : checkRequired(pod);
}

export const seccompBaselineId = "seccompProfile_baseline";

export const seccompProfileBaseline: CheckDefinition = {
  id: seccompBaselineId,
  level: "baseline",
  versions: [
    { minimumMinor: 0, check: checkAnnotations },
    { minimumMinor: 19, check: checkFields },
  ],
};

export const seccompProfileRestricted: CheckDefinition = {
  id: "seccompProfile_restricted",
  level: "restricted",
  versions: [
    { minimumMinor: 19, check: checkRequired, overrides: [seccompBaselineId] },
    { minimumMinor: 25, check: checkRequiredUnlessWindows, overrides: [seccompBaselineId] },
  ],
};
