import { objectRef, valueAt } from "../../../manifests/objects.ts";
import type { FieldPath, Finding, Manifest, Rule, Severity, ValidationInput } from "../../model.ts";
import { checkStructural, crdSchemas, describe } from "./crd-schemas.ts";
import { formatFieldPath, fromJsonPointer } from "./field-path.ts";
import { checkObjectNames } from "./object-names.ts";
import { FieldTracker } from "./unknown-fields.ts";
import { type UpstreamError, UpstreamModels } from "./upstream-models.ts";

const RULE_ID = "schema";

const SOURCES = "Kubernetes, Argo Rollouts, Argo CD, Istio, Gateway API, prometheus-operator";

const models = new UpstreamModels();

/** Starts loading the schemas of kinds the repository probably uses, before its objects exist. */
export function preloadSchemas(
  types: Iterable<{ apiVersion: string; kind: string }>,
): Promise<void> {
  return models.load(types);
}

export const schemaRule: Rule = {
  id: RULE_ID,
  summary:
    "every object matches the upstream OpenAPI schema of its apiVersion and kind " +
    "(kubernetes-models), or the schema of a CRD in the repository; unknown kinds and unknown " +
    "fields are reported",
  why:
    "Argo CD applies with strict field validation: a wrong type, a missing required field or a " +
    "typo in a field name fails the sync after the push instead of before it",

  async prepare(input: ValidationInput): Promise<void> {
    await models.load(input.manifests.map(({ object }) => object));
  },

  check(input: ValidationInput): Finding[] {
    const findings: Finding[] = [];
    const crds = crdSchemas(input.manifests);

    for (const manifest of input.manifests) {
      const { apiVersion, kind } = manifest.object;
      const report = (path: FieldPath, message: string, severity: Severity = "error") =>
        findings.push(finding(manifest, path, message, severity));

      const crd = crds.get(`${apiVersion}/${kind}`);
      const upstream = models.get(apiVersion, kind);
      if (crd !== undefined) {
        if (crd !== null) {
          for (const problem of checkStructural(manifest.object, crd)) {
            report(problem.path, problem.message);
          }
        }
      } else if (upstream !== undefined) {
        const tracker = new FieldTracker();
        for (const error of collapse(upstream.validate(tracker.wrap(manifest.object)))) {
          const path = fromJsonPointer(error.instancePath, manifest.object);
          report(path, upstreamMessage(error, path, manifest));
        }
        // Schemas of custom resources are generated from the projects' Go types and can lag
        // behind their CRDs, so an unknown field there is a warning; in the Kubernetes API
        // itself it is an error.
        for (const path of tracker.unknownFields(manifest.object).filter(isDeclared)) {
          const message =
            `unknown field ${formatFieldPath(path)} ` +
            `(not in the ${kind} schema of ${upstream.packageName})`;
          report(path, message, upstream.core ? "error" : "warning");
        }
      } else {
        report(
          ["kind"],
          `expected an apiVersion and kind from the upstream schemas (${SOURCES}) or a ` +
            `CustomResourceDefinition in this repository, found ${apiVersion} ${kind}`,
        );
      }

      for (const problem of checkObjectNames(manifest)) {
        report(problem.path, problem.message);
      }
    }

    findings.push(...helmCharts(input));
    return findings;
  },
};

/**
 * kubernetes-models strips the documentation from its schemas and every property named
 * `description` goes with it (PriorityClass.description, a CRD's openAPIV3Schema.description and
 * printer column descriptions, AppProject spec.description), so a string there is not unknown.
 */
function isDeclared(path: FieldPath): boolean {
  return path.at(-1) !== "description";
}

/** Charts are rendered by Argo CD at sync; without Helm here their objects cannot be checked. */
function helmCharts(input: ValidationInput): Finding[] {
  return input.helmValues.map((values) => {
    const chart = values.version === undefined ? values.chart : `${values.chart} ${values.version}`;
    return {
      ruleId: RULE_ID,
      severity: "info",
      message:
        `chart ${chart} is rendered by Argo CD at sync; its objects are not schema-checked here ` +
        "(no Helm on this machine), only its values are read",
      source: values.application.source,
      object: objectRef(values.application),
    };
  });
}

/** The branches of an anyOf or oneOf say the same thing again; keep the summary. */
function collapse(errors: UpstreamError[]): UpstreamError[] {
  const alternatives = new Set(
    errors
      .filter((error) => error.keyword === "anyOf" || error.keyword === "oneOf")
      .map((error) => error.instancePath),
  );
  const seen = new Set<string>();
  return errors.filter((error) => {
    if (
      alternatives.has(error.instancePath) &&
      error.keyword !== "anyOf" &&
      error.keyword !== "oneOf"
    ) {
      return false;
    }
    const key = `${error.instancePath} ${error.keyword} ${JSON.stringify(error.params)}`;
    if (seen.has(key)) {
      return false;
    }
    seen.add(key);
    return true;
  });
}

function upstreamMessage(error: UpstreamError, path: FieldPath, manifest: Manifest): string {
  const actual = valueAt(manifest.object, path);
  const at = path.length === 0 ? "the object" : formatFieldPath(path);
  switch (error.keyword) {
    case "required": {
      const missing = String(error.params.missingProperty);
      return `expected field ${formatFieldPath([...path, missing])}, found none`;
    }
    case "type":
      return `${at}: expected ${String(error.params.type)}, found ${describe(actual)}`;
    case "enum": {
      const allowed = Array.isArray(error.params.allowedValues) ? error.params.allowedValues : [];
      const choices = allowed.map((v) => JSON.stringify(v)).join(", ");
      return `${at}: expected one of ${choices}, found ${describe(actual)}`;
    }
    case "anyOf":
    case "oneOf":
      return `${at}: expected a value of one of the allowed forms, found ${describe(actual)}`;
    default:
      return `${at}: ${error.message ?? error.keyword}`;
  }
}

function finding(
  manifest: Manifest,
  path: FieldPath,
  message: string,
  severity: Severity,
): Finding {
  return {
    ruleId: RULE_ID,
    severity,
    message,
    source: manifest.locate(path),
    object: objectRef(manifest),
  };
}
