import type { FieldPath } from "../../model.ts";

const plainKey = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** ["spec", "containers", 0, "image"] -> "spec.containers[0].image"; odd keys are quoted. */
export function formatPath(path: FieldPath): string {
  let text = "";
  for (const key of path) {
    if (typeof key === "number") {
      text += `[${key}]`;
    } else if (plainKey.test(key)) {
      text += text === "" ? key : `.${key}`;
    } else {
      text += `[${JSON.stringify(key)}]`;
    }
  }
  return text;
}
