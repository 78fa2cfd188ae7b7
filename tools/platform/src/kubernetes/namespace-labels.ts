/**
 * The API server labels every namespace with its own name (NamespaceDefaultLabelName: on by
 * default since Kubernetes 1.21, GA in 1.22), so namespaceSelectors can pick namespaces by name
 * even where the repository does not declare them.
 */
export const namespaceNameLabel = "kubernetes.io/metadata.name";

/** The labels a namespaceSelector sees on a namespace: the ones written, plus its name. */
export function labelsOfNamespace(
  name: string,
  labels?: Readonly<Record<string, string>>,
): Record<string, string> {
  return { ...labels, [namespaceNameLabel]: name };
}
