/**
 * Finds the upstream schema of an apiVersion and kind in the kubernetes-models packages. Each
 * kind is its own module, loaded only when the repository uses it: importing every package up
 * front takes seconds.
 */

/** The check kubernetes-models compiled from the upstream OpenAPI schema of one kind. */
export interface UpstreamValidator {
  validate(data: unknown): UpstreamError[];
  /** The npm package the schema comes from. */
  packageName: string;
  /** True for the Kubernetes API itself, whose schema is the API server's own. */
  core: boolean;
}

/** An error as the compiled (Ajv) validators report it. */
export interface UpstreamError {
  instancePath: string;
  keyword: string;
  params: Record<string, unknown>;
  message?: string;
}

interface ModelClass {
  apiVersion?: string;
  kind?: string;
  prototype: { validate(this: unknown): void };
}

/** Which packages hold which API groups; the core package holds the rest. */
const PACKAGES_BY_GROUP: readonly [RegExp, readonly string[]][] = [
  [/^gateway\.networking\.(x-)?k8s\.io$/, ["@kubernetes-models/gateway-api"]],
  [/^argoproj\.io$/, ["@kubernetes-models/argo-rollouts", "@kubernetes-models/argo-cd"]],
  [/\.istio\.io$/, ["@kubernetes-models/istio"]],
  [/^monitoring\.coreos\.com$/, ["@kubernetes-models/prometheus-operator"]],
  [/^(|[a-z0-9]+|[a-z0-9.-]+\.k8s\.io)$/, ["kubernetes-models"]],
];

const SAFE_SEGMENT = /^[A-Za-z0-9.-]+$/;

export class UpstreamModels {
  readonly #validators = new Map<string, UpstreamValidator | undefined>();

  /** Loads the schemas of the given apiVersion/kind pairs; unknown ones are remembered as such. */
  async load(types: Iterable<{ apiVersion: string; kind: string }>): Promise<void> {
    const pending: Promise<void>[] = [];
    for (const { apiVersion, kind } of types) {
      const key = `${apiVersion}/${kind}`;
      if (this.#validators.has(key)) {
        continue;
      }
      this.#validators.set(key, undefined);
      pending.push(
        find(apiVersion, kind).then((validator) => {
          this.#validators.set(key, validator);
        }),
      );
    }
    await Promise.all(pending);
  }

  /** The validator of a loaded apiVersion/kind; undefined when no package defines it. */
  get(apiVersion: string, kind: string): UpstreamValidator | undefined {
    return this.#validators.get(`${apiVersion}/${kind}`);
  }
}

async function find(apiVersion: string, kind: string): Promise<UpstreamValidator | undefined> {
  const [group, version] = apiVersion.includes("/") ? apiVersion.split("/", 2) : ["", apiVersion];
  if (
    !SAFE_SEGMENT.test(kind) ||
    !SAFE_SEGMENT.test(version ?? "") ||
    !/^[a-z0-9.-]*$/.test(group ?? "")
  ) {
    return undefined;
  }
  const packages = PACKAGES_BY_GROUP.find(([pattern]) => pattern.test(group ?? ""))?.[1] ?? [];
  for (const name of packages) {
    const specifier =
      group === "" ? `${name}/${version}/${kind}` : `${name}/${group}/${version}/${kind}`;
    let module: Record<string, unknown>;
    try {
      module = (await import(specifier)) as Record<string, unknown>;
    } catch {
      continue;
    }
    const model = module[kind] as ModelClass | undefined;
    // Files also exist for nested types (e.g. ApplicationSpec); only top-level kinds match.
    if (model?.apiVersion === apiVersion && model.kind === kind) {
      return {
        validate: (data) => runValidate(model, data),
        packageName: name,
        core: name === "kubernetes-models",
      };
    }
  }
  return undefined;
}

function runValidate(model: ModelClass, data: unknown): UpstreamError[] {
  try {
    model.prototype.validate.call(data);
    return [];
  } catch (error) {
    const errors = (error as { errors?: unknown }).errors;
    if (Array.isArray(errors)) {
      return errors as UpstreamError[];
    }
    throw error;
  }
}
