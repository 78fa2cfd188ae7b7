import type { FieldPath } from "../../../model.ts";
import { asFields, containersOf, dig, shown } from "../pod-view.ts";
import type { CheckDefinition, CheckPod, Violation } from "./check.ts";

const typesFrom1_0 = ["", "container_t", "container_init_t", "container_kvm_t"];
/** v1.31 allowed container_engine_t as well (policy/check_seLinuxOptions.go). */
const typesFrom1_31 = [...typesFrom1_0, "container_engine_t"];

function checkOptions(
  options: unknown,
  path: FieldPath,
  allowed: ReadonlySet<string>,
  container: string | undefined,
): Violation[] {
  const fields = asFields(options);
  if (fields === undefined) {
    return [];
  }
  const owner = container === undefined ? {} : { container };
  const violations: Violation[] = [];

  const type = typeof fields.type === "string" ? fields.type : "";
  if (!allowed.has(type)) {
    const expected = `unset or one of ${[...allowed].filter(Boolean).join(", ")}`;
    violations.push({ path: [...path, "type"], ...owner, expected, found: shown(type) });
  }

  for (const key of ["user", "role"]) {
    const value = fields[key];
    if (typeof value === "string" && value.length > 0) {
      violations.push({ path: [...path, key], ...owner, expected: "unset", found: shown(value) });
    }
  }
  return violations;
}

function checkWith(types: readonly string[]): CheckPod {
  const allowed = new Set(types);
  return (pod) => {
    const podPath = ["spec", "securityContext", "seLinuxOptions"];
    const podOptions = dig(pod.spec, "securityContext", "seLinuxOptions");
    const violations = checkOptions(podOptions, podPath, allowed, undefined);

    for (const container of containersOf(pod)) {
      const options = dig(container.fields, "securityContext", "seLinuxOptions");
      const path = [...container.path, "securityContext", "seLinuxOptions"];
      violations.push(...checkOptions(options, path, allowed, container.name));
    }
    return violations;
  };
}

export const seLinuxOptions: CheckDefinition = {
  id: "seLinuxOptions",
  level: "baseline",
  versions: [
    { minimumMinor: 0, check: checkWith(typesFrom1_0) },
    { minimumMinor: 31, check: checkWith(typesFrom1_31) },
  ],
};
