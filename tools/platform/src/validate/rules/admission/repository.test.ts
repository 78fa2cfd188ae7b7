import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { loadRepository } from "../../../manifests/index.ts";
import type { Manifest } from "../../model.ts";
import { admissionRule } from "./index.ts";

// The repository as `platform validate` reads it: its own policies must admit its own objects,
// and must be seen to reach them (a policy that matches nothing would also be "clean").

const root = resolve(import.meta.dirname, "../../../../../..");
const repository = await loadRepository(root);

function productionRollout(): Manifest {
  const rollout = repository.manifests.find(
    ({ object }) => object.kind === "Rollout" && object.metadata.namespace === "demo-production",
  );
  if (!rollout) {
    throw new Error("expected the demo app's Rollout in demo-production");
  }
  return rollout;
}

/** The manifest with its object changed by `edit` (a deep copy; the repository stays as is). */
function edited(manifest: Manifest, edit: (object: Record<string, any>) => void): Manifest {
  const object = structuredClone(manifest.object);
  edit(object);
  return { ...manifest, object };
}

describe("the repository under its own admission policies", () => {
  it("is admitted", () => {
    expect(admissionRule.check(repository)).toEqual([]);
  });

  it("has its production Rollout reached by the policies", () => {
    const original = productionRollout();
    const broken = edited(original, (rollout) => {
      const pod = rollout.spec.template.spec;
      pod.containers[0].image = "ghcr.io/gitops-platform/demo-app:latest";
      pod.automountServiceAccountToken = undefined;
      rollout.spec.strategy = { canary: { steps: [{ setWeight: 50 }] } };
    });
    const manifests = repository.manifests.map((m) => (m === original ? broken : m));

    const policies = admissionRule
      .check({ ...repository, manifests })
      .map((finding) => finding.message.split(" ")[1]);

    expect(policies.sort()).toEqual([
      "image-pinned",
      "production-rollout-strategy",
      "service-account-token",
    ]);
  });
});
