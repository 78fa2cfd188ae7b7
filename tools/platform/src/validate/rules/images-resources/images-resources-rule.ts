import { isRecord, objectRef, valueAt } from "../../../manifests/objects.ts";
import type { FieldPath, Finding, HelmValues, Rule, ValidationInput } from "../../model.ts";
import {
  type ContainerRef,
  containersOf,
  type PodTemplate,
  podTemplates,
} from "../shared/pod-templates.ts";
import { CHART_SWITCHES, HEAVY_CHARTS } from "./heavy-components.ts";
import { parseImage } from "./image-reference.ts";

const RULE_ID = "images-resources";

const RESOURCE_FIELDS: readonly FieldPath[] = [
  ["resources", "requests", "cpu"],
  ["resources", "requests", "memory"],
  ["resources", "limits", "memory"],
];

const PROBES = ["readinessProbe", "livenessProbe"] as const;

export const imagesResourcesRule: Rule = {
  id: RULE_ID,
  summary:
    "images carry a tag other than latest (or a digest); containers set cpu and memory requests " +
    "and a memory limit, long-running ones readiness and liveness probes; heavy charts (istiod, " +
    "kube-prometheus-stack) set resources in their values",
  why:
    "latest and untagged images change under a running rollout; pods without requests and " +
    "probes schedule blindly and take traffic before they are ready; chart defaults do not fit " +
    "a laptop cluster",

  check(input: ValidationInput): Finding[] {
    const findings: Finding[] = [];
    for (const template of podTemplates(input.manifests)) {
      for (const container of containersOf(template)) {
        findings.push(...checkContainer(template, container));
      }
    }
    for (const values of input.helmValues) {
      findings.push(...checkChart(values));
    }
    return findings;
  },
};

function checkContainer(template: PodTemplate, ref: ContainerRef): Finding[] {
  const findings: Finding[] = [];
  const { manifest } = template;
  const report = (path: FieldPath, message: string) =>
    findings.push({
      ruleId: RULE_ID,
      severity: "error",
      message: `${ref.init ? "init container" : "container"} ${ref.name}: ${message}`,
      source: manifest.locate(path),
      object: objectRef(manifest),
    });

  const image = ref.container.image;
  if (typeof image === "string") {
    const parsed = parseImage(image);
    if (parsed.digest === undefined && parsed.tag === undefined) {
      report(
        [...ref.path, "image"],
        `expected a pinned tag or digest on image ${image}, found none`,
      );
    } else if (parsed.digest === undefined && parsed.tag === "latest") {
      report(
        [...ref.path, "image"],
        `expected a pinned tag or digest on image ${image}, found latest`,
      );
    }
  }

  const missing = RESOURCE_FIELDS.filter((field) => valueAt(ref.container, field) === undefined);
  if (missing.length > 0) {
    const names = missing.map((field) => field.join(".")).join(", ");
    report([...ref.path, "resources"], `expected ${names}, found none`);
  }

  // Native sidecars (init containers with restartPolicy Always) keep running, like containers.
  const runs = !ref.init || ref.container.restartPolicy === "Always";
  if (template.longRunning && runs) {
    const absent = PROBES.filter((probe) => !isRecord(ref.container[probe]));
    if (absent.length > 0) {
      report(ref.path, `expected ${absent.join(" and ")}, found none`);
    }
  }
  return findings;
}

function checkChart(values: HelmValues): Finding[] {
  const findings: Finding[] = [];
  const report = (path: FieldPath, message: string, severity: Finding["severity"]) =>
    findings.push({
      ruleId: RULE_ID,
      severity,
      message: `chart ${values.chart}: ${message}`,
      source: values.locate(path),
      object: objectRef(values.application),
    });

  for (const requirement of HEAVY_CHARTS[values.chart] ?? []) {
    if (
      requirement.enabled !== undefined &&
      valueAt(values.values, requirement.enabled) === false
    ) {
      continue;
    }
    const resources = valueAt(values.values, requirement.resources);
    const requests = isRecord(resources) ? resources.requests : undefined;
    if (!isRecord(requests) || requests.memory === undefined) {
      report(
        requirement.resources,
        `expected ${requirement.resources.join(".")}.requests.memory ` +
          `for ${requirement.component} ` +
          "(the chart's defaults do not fit a laptop cluster), found none",
        "error",
      );
    }
  }
  for (const toggle of CHART_SWITCHES[values.chart] ?? []) {
    const value = valueAt(values.values, toggle.path);
    if (value !== false) {
      report(
        toggle.path,
        `expected ${toggle.path.join(".")}: false (${toggle.why}), ` +
          `found ${value === undefined ? "the default, true" : JSON.stringify(value)}`,
        "warning",
      );
    }
  }
  return findings;
}
