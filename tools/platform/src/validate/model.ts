/** The shapes every validation rule works on: manifests with their sources, and findings. */

export type Severity = "error" | "warning" | "info";

/** A place in a file of the repository; `file` is relative to the repository root. */
export interface SourceRef {
  file: string;
  /** 1-based */
  line: number;
  /** 1-based */
  column: number;
}

/** A Kubernetes object as read from YAML: only apiVersion, kind and metadata are trusted. */
export interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: {
    name?: string;
    namespace?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    [field: string]: unknown;
  };
  [field: string]: unknown;
}

/** A path into an object, such as ["spec", "template", "spec", "containers", 0, "image"]. */
export type FieldPath = readonly (string | number)[];

/** One object the repository would apply, as rendered, with a way back to where it was written. */
export interface Manifest {
  object: K8sObject;
  /** Where the object itself was written. */
  source: SourceRef;
  /** Where a field was written; the nearest written ancestor when the field itself was not. */
  locate(path: FieldPath): SourceRef;
  /** The kustomization folder (relative to the repository root) that rendered it, if any. */
  renderedBy?: string;
}

/** Helm values an Argo CD Application passes to a chart, inline or from a repository file. */
export interface HelmValues {
  application: Manifest;
  chart: string;
  /** The chart version the Application pins, if any. */
  version?: string;
  values: Record<string, unknown>;
  locate(path: FieldPath): SourceRef;
}

/** A JSON file of the repository that is not a Kubernetes object, such as a Grafana dashboard. */
export interface JsonFile {
  /** Relative to the repository root. */
  file: string;
  value: unknown;
  locate(path: FieldPath): SourceRef;
}

/** Everything a rule may look at. */
export interface ValidationInput {
  manifests: readonly Manifest[];
  helmValues: readonly HelmValues[];
  /** Grafana dashboards committed as JSON (docs/dashboards/*.json). */
  dashboards?: readonly JsonFile[];
}

export interface ObjectRef {
  kind: string;
  namespace?: string;
  name: string;
}

export interface Finding {
  ruleId: string;
  severity: Severity;
  /** "expected X, found Y", naming the field. */
  message: string;
  source: SourceRef;
  object?: ObjectRef;
}

export interface Rule {
  id: string;
  /** What it checks, one line, for the README's rule table and --help. */
  summary: string;
  /** Why it matters, one line. */
  why: string;
  check(input: ValidationInput): Finding[];
  /** Optional asynchronous set-up before check, such as loading the schemas the input needs. */
  prepare?(input: ValidationInput): Promise<void>;
}
