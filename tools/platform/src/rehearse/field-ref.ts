import { isRecord } from "../manifests/objects.ts";

/** The metadata paths the run resolves itself, from the Rollout's name, namespace and maps. */
const runtimeMetadata = /^metadata\.(name|namespace|(labels|annotations)\['[^']*'\])$/;

/**
 * What an analysis arg's `valueFrom.fieldRef` gives, as upstream's factory.go does: metadata
 * paths through Kubernetes' fieldpath (name, namespace, one label or annotation), any other
 * path by walking the Rollout's fields to a primitive value. Returns the value when it is known
 * now, "runtime" for the metadata the run fills in, or the error upstream would give.
 */
export function fieldRefValue(
  path: string,
  rollout: Record<string, unknown> | undefined,
): { value: string } | "runtime" | { error: string } {
  if (path.startsWith("metadata")) {
    if (runtimeMetadata.test(path)) {
      return "runtime";
    }
    if (path === "metadata.uid") {
      return { error: "metadata.uid is assigned by the cluster; the rehearsal has none" };
    }
    return { error: `${path} is not a field path Kubernetes' fieldpath resolves` };
  }
  if (path.startsWith("status")) {
    return { error: `${path} is written by the controller; the rehearsal has no status` };
  }

  let node: unknown = rollout;
  for (const section of path.split(/[.[\]]+/)) {
    if (section === "") {
      continue;
    }
    if (Array.isArray(node)) {
      const index = /^\d+$/.test(section) ? Number(section) : Number.NaN;
      if (Number.isNaN(index)) {
        return { error: `invalid index '${section}'` };
      }
      if (index >= node.length) {
        return { error: `index ${index} out of range` };
      }
      node = node[index];
    } else if (isRecord(node)) {
      node = node[section];
    } else {
      return { error: `invalid path ${path} in rollout` };
    }
  }
  if (node === undefined || node === null) {
    return { error: `invalid path ${path} in rollout` };
  }
  if (Array.isArray(node) || isRecord(node)) {
    return { error: `path ${path} in rollout must terminate in a primitive value` };
  }
  return { value: String(node) };
}
