import type { FieldPath } from "../../../model.ts";
import { asFields, containersOf, dig, isPresent, type PodView, shown } from "../pod-view.ts";
import type { CheckDefinition, Violation } from "./check.ts";

/** Deprecated per-container annotation, still checked by pod-security-admission. */
const annotationPrefix = "container.apparmor.security.beta.kubernetes.io/";
const allowedTypes = new Set(["RuntimeDefault", "Localhost"]);

function allowedAnnotation(value: unknown): boolean {
  const profile = typeof value === "string" ? value : "";
  return profile === "" || profile === "runtime/default" || profile.startsWith("localhost/");
}

function checkProfile(profile: unknown, path: FieldPath, container?: string): Violation[] {
  if (!isPresent(profile)) {
    return [];
  }
  const type = asFields(profile)?.type;
  if (typeof type === "string" && allowedTypes.has(type)) {
    return [];
  }
  const violation = {
    path: [...path, "type"],
    expected: '"RuntimeDefault" or "Localhost"',
    found: shown(type),
  };
  return [container === undefined ? violation : { ...violation, container }];
}

function check(pod: PodView): Violation[] {
  const violations = checkProfile(dig(pod.spec, "securityContext", "appArmorProfile"), [
    "spec",
    "securityContext",
    "appArmorProfile",
  ]);

  for (const container of containersOf(pod)) {
    const profile = dig(container.fields, "securityContext", "appArmorProfile");
    const path = [...container.path, "securityContext", "appArmorProfile"];
    violations.push(...checkProfile(profile, path, container.name));
  }

  const annotations = asFields(pod.metadata.annotations) ?? {};
  for (const [key, value] of Object.entries(annotations)) {
    if (key.startsWith(annotationPrefix) && !allowedAnnotation(value)) {
      violations.push({
        path: ["metadata", "annotations", key],
        expected: '"runtime/default", "localhost/<profile>" or empty',
        found: shown(value),
      });
    }
  }
  return violations;
}

export const appArmorProfile: CheckDefinition = {
  id: "appArmorProfile",
  level: "baseline",
  versions: [{ minimumMinor: 0, check }],
};
