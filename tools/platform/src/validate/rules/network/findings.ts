import type { FieldPath, Finding, Manifest, Severity } from "../../model.ts";

export const networkRuleId = "network";

/** A finding of the network rule about one object, pointing at the field at fault. */
export function findingAt(
  manifest: Manifest,
  path: FieldPath,
  severity: Severity,
  message: string,
): Finding {
  const { kind, metadata } = manifest.object;
  const object = { kind, name: metadata.name ?? "" };
  return {
    ruleId: networkRuleId,
    severity,
    message,
    source: manifest.locate(path),
    object:
      metadata.namespace === undefined ? object : { ...object, namespace: metadata.namespace },
  };
}

/**
 * Collects one finding per place and problem, naming every workload it concerns: a policy that
 * selects five Deployments is reported once, not five times.
 */
export class FindingGroups {
  readonly #groups = new Map<
    string,
    {
      manifest: Manifest;
      path: FieldPath;
      severity: Severity;
      message: (who: string) => string;
      who: string[];
    }
  >();

  add(
    manifest: Manifest,
    path: FieldPath,
    severity: Severity,
    problem: string,
    who: string,
    message: (who: string) => string,
  ): void {
    const { metadata } = manifest.object;
    const where = `${manifest.source.file}:${manifest.source.line}`;
    const key = `${where} ${metadata.namespace}/${metadata.name} ${path.join(".")} ${problem}`;
    const group = this.#groups.get(key);
    if (group === undefined) {
      this.#groups.set(key, { manifest, path, severity, message, who: [who] });
    } else if (!group.who.includes(who)) {
      group.who.push(who);
    }
  }

  findings(): Finding[] {
    return [...this.#groups.values()].map((g) =>
      findingAt(g.manifest, g.path, g.severity, g.message(g.who.join(", "))),
    );
  }
}
