import type { FieldPath, Manifest } from "../../model.ts";

export interface NameProblem {
  path: FieldPath;
  message: string;
}

/** RFC 1123 subdomain: the API server's rule for most object names (apimachinery validation). */
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
/** Label values: at most 63 characters, alphanumerics with -_. inside. */
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
/** Label keys: an optional DNS subdomain prefix, then a name like a label value (not empty). */
const LABEL_NAME = /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;

/** Checks the name, namespace and labels the API server would refuse, which no schema holds. */
export function checkObjectNames({ object }: Manifest): NameProblem[] {
  const problems: NameProblem[] = [];
  const { name, namespace, labels } = object.metadata;

  if (typeof name === "string" && (name.length > 253 || !DNS_SUBDOMAIN.test(name))) {
    problems.push({
      path: ["metadata", "name"],
      message:
        `expected a lowercase RFC 1123 name (a-z, 0-9, "-", "."), ` +
        `found ${JSON.stringify(name)}`,
    });
  }
  if (
    typeof namespace === "string" &&
    (namespace.length > 63 || !/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(namespace))
  ) {
    const found = JSON.stringify(namespace);
    problems.push({
      path: ["metadata", "namespace"],
      message: `expected a lowercase RFC 1123 label as namespace, found ${found}`,
    });
  }
  for (const [key, value] of Object.entries(labels ?? {})) {
    if (!validLabelKey(key)) {
      problems.push({
        path: ["metadata", "labels", key],
        message:
          "expected a label key like [prefix/]name (name at most 63 characters), " +
          `found ${JSON.stringify(key)}`,
      });
    } else if (typeof value === "string" && (value.length > 63 || !LABEL_VALUE.test(value))) {
      problems.push({
        path: ["metadata", "labels", key],
        message:
          `expected label ${key} to be a string of at most 63 characters ` +
          `(A-Z, a-z, 0-9, "-", "_", "."), found ${JSON.stringify(value)}`,
      });
    }
  }
  return problems;
}

function validLabelKey(key: string): boolean {
  const slash = key.lastIndexOf("/");
  const prefix = slash < 0 ? undefined : key.slice(0, slash);
  const name = slash < 0 ? key : key.slice(slash + 1);
  if (prefix !== undefined && (prefix.length > 253 || !DNS_SUBDOMAIN.test(prefix))) {
    return false;
  }
  return name.length <= 63 && LABEL_NAME.test(name);
}
