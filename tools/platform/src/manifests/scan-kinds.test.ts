import path from "node:path";
import { describe, expect, it } from "vitest";
import { scanKinds } from "./scan-kinds.ts";

const fixture = path.resolve(import.meta.dirname, "../../testdata/validate/loading");

describe("scanKinds", () => {
  it("guesses the apiVersion and kind of every document from its top-level lines", () => {
    const hints = scanKinds(fixture, []).map((hint) => `${hint.apiVersion} ${hint.kind}`);
    expect(hints).toEqual(
      expect.arrayContaining([
        "apps/v1 Deployment",
        "v1 Service",
        "argoproj.io/v1alpha1 Application",
      ]),
    );
    expect(hints).not.toContain("v1 Namespace");
  });
});
