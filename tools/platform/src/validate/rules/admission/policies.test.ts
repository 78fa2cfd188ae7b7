import { readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import type { Finding, Manifest } from "../../model.ts";
import { manifestsFromFile } from "../../test-support/manifests.ts";
import { admissionRule } from "./index.ts";

// Every policy of platform/security/pod-security/policies against manifests it must admit and
// manifests it must reject (testdata/<policy>/{admit,reject}.yaml). A rejected object names the
// message it must get in the annotation test.platform/expect.

const root = resolve(import.meta.dirname, "../../../../../..");
const policyDir = join(root, "platform/security/pod-security/policies");
const testdata = join(import.meta.dirname, "testdata");

const policyFiles = readdirSync(policyDir).filter((file) => file !== "kustomization.yaml");
const policies = policyFiles.flatMap((file) => manifestsFromFile(join(policyDir, file), root));
const namespaces = manifestsFromFile(join(testdata, "namespaces.yaml"), root);
const policyNames = policies
  .filter((manifest) => manifest.object.kind === "ValidatingAdmissionPolicy")
  .map((manifest) => manifest.object.metadata.name ?? "");

function check(cases: Manifest[]): Finding[] {
  return admissionRule.check({ manifests: [...policies, ...namespaces, ...cases], helmValues: [] });
}

function fromPolicy(findings: Finding[], policy: string): Finding[] {
  return findings.filter((finding) =>
    finding.message.startsWith(`ValidatingAdmissionPolicy ${policy} `),
  );
}

describe("the repository's admission policies", () => {
  it("are all listed in the kustomization and all bound", () => {
    const kustomization = parse(readFileSync(join(policyDir, "kustomization.yaml"), "utf8"));

    expect([...kustomization.resources].sort()).toEqual([...policyFiles].sort());
    expect(check([])).toEqual([]);
  });

  it("have admit and reject cases for every policy", () => {
    expect(
      readdirSync(testdata)
        .filter((entry) => !entry.endsWith(".yaml"))
        .sort(),
    ).toEqual([...policyNames].sort());
  });

  describe.each(policyNames)("%s", (policy) => {
    it("admits the manifests it must admit", () => {
      const cases = manifestsFromFile(join(testdata, policy, "admit.yaml"), root);

      expect(fromPolicy(check(cases), policy)).toEqual([]);
    });

    const rejected = manifestsFromFile(join(testdata, policy, "reject.yaml"), root);
    it.each(rejected.map((manifest) => [manifest.object.metadata.name, manifest] as const))(
      "rejects %s with its message, at its file and line",
      (_, manifest) => {
        const annotations = manifest.object.metadata.annotations ?? {};
        const findings = fromPolicy(check([manifest]), policy);

        expect(findings.map((finding) => finding.message).join("\n")).toContain(
          annotations["test.platform/expect"],
        );
        for (const finding of findings) {
          expect(finding.severity).toBe(annotations["test.platform/severity"] ?? "error");
          expect(finding.source).toEqual(manifest.source);
          expect(finding.object?.name).toBe(manifest.object.metadata.name);
        }
      },
    );
  });
});
