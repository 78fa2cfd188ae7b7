/**
 * Agreement with every pod-security-admission fixture, when a copy of its generated test data
 * is at hand: PSA_TESTDATA=<kubernetes/pod-security-admission>/test/testdata. The data is not
 * part of this repository, so without the variable the test is skipped.
 */

import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { allChecks } from "./checks/all-checks.ts";
import { createEvaluator } from "./evaluator.ts";
import type { Fields } from "./pod-view.ts";

const root = process.env.PSA_TESTDATA;

describe.skipIf(root === undefined)("upstream pod-security-admission fixtures", () => {
  it("give the same verdict for every level, version and fixture", () => {
    const evaluator = createEvaluator(allChecks);
    const disagreements: string[] = [];
    let total = 0;

    for (const level of ["baseline", "restricted"] as const) {
      for (const version of readdirSync(join(root ?? "", level))) {
        const minor = Number(version.replace(/^v1\./, ""));
        for (const verdict of ["pass", "fail"]) {
          const dir = join(root ?? "", level, version, verdict);
          for (const file of existsSync(dir) ? readdirSync(dir) : []) {
            const pod = parse(readFileSync(join(dir, file), "utf8")) as Record<string, Fields>;
            const view = { metadata: pod.metadata ?? {}, spec: pod.spec ?? {} };
            const failures = evaluator.evaluate(level, { latest: false, minor }, view);
            total += 1;
            if ((failures.length === 0) !== (verdict === "pass")) {
              disagreements.push(`${level}/${version}/${verdict}/${file}`);
            }
          }
        }
      }
    }

    expect(disagreements).toEqual([]);
    expect(total).toBeGreaterThan(1000);
  });
});
