/**
 * Rule ids of the findings the loader itself reports: input that could not be read as
 * Kubernetes objects at all. They appear in output like any rule's findings.
 */
export const INPUT_RULES = {
  /** YAML or JSON syntax errors and duplicate keys. */
  yaml: "yaml",
  /** A kustomization that does not build, or kubectl missing. */
  kustomize: "kustomize",
  /** A YAML file or document that is not a Kubernetes object, or a values file not found. */
  manifest: "manifest",
} as const;
