import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { inputRules, ruleTable } from "./validate/rule-info.ts";
import { rules } from "./validate/rules/index.ts";

const repoRoot = join(import.meta.dirname, "..", "..", "..");

async function readRepoFile(path: string): Promise<string> {
  return readFile(join(repoRoot, path), "utf8");
}

describe("the README", () => {
  it("shows the rule table that platform validate --list-rules prints", async () => {
    const readme = await readRepoFile("README.md");
    const table = readme.match(/<!-- rules:start -->\n([\s\S]*?)<!-- rules:end -->/)?.[1];

    expect(table).toBe(ruleTable([...rules, ...inputRules]));
  });

  it("names the two commands that the Makefile provides and CI runs", async () => {
    const [readme, makefile, ci] = await Promise.all(
      ["README.md", "Makefile", ".ci/run"].map(readRepoFile),
    );

    expect(readme).toContain("make run ");
    expect(readme).toContain("make test ");
    expect(makefile).toMatch(/^run:/m);
    expect(makefile).toMatch(/^test:/m);
    expect(ci).toMatch(/^make test$/m);
  });
});
