import { describe, expect, it } from "vitest";
import { parseYaml } from "./yaml-documents.ts";

describe("parseYaml", () => {
  it("locates a field by the line and column of its key", () => {
    const text = "a: 1\nb:\n  c:\n    - x\n    - y: 2\n";
    const [document] = parseYaml(text, "f.yaml").documents;
    expect(document?.locate(["b", "c", 1, "y"])).toEqual({ file: "f.yaml", line: 5, column: 7 });
  });

  it("points a field that was not written at its nearest written ancestor", () => {
    const [document] = parseYaml("a: 1\nb:\n  c: 2\n", "f.yaml").documents;
    expect(document?.locate(["b", "missing", "deeper"])).toMatchObject({ line: 2, column: 1 });
    expect(document?.has(["b", "c"])).toBe(true);
    expect(document?.has(["b", "missing"])).toBe(false);
  });

  it("gives each document of a stream its own first line", () => {
    const parsed = parseYaml("a: 1\n---\nb: 2\n---\n# only a comment\n", "f.yaml");
    expect(parsed.documents.map((document) => document.source.line)).toEqual([1, 3, 4]);
    expect(parsed.documents[2]?.value).toBeNull();
  });

  it("reports a mapping as a key (an unquoted {{ template }}), keeps the other documents", () => {
    const text = "kind: Pod\nmetadata:\n  annotations:\n    inject: {{args.enabled}}\n---\nb: 3\n";
    const parsed = parseYaml(text, "f.yaml");
    expect(parsed.findings).toEqual([
      {
        ruleId: "yaml",
        severity: "error",
        message:
          "expected a string key, found the mapping {{args.enabled}} as a key: Kubernetes " +
          "cannot read it (quote template expressions)",
        source: { file: "f.yaml", line: 4, column: 13 },
      },
    ]);
    expect(parsed.documents.map((document) => document.value)).toEqual([{ b: 3 }]);
  });

  it("finds collection keys written as block keys, explicit keys and flow entries", () => {
    for (const text of ["[a, b]: 1\n", "? {a: 1}\n: 2\n", "x: { a: 1, {b}: 2 }\n"]) {
      expect(parseYaml(text, "f.yaml").findings.map((finding) => finding.ruleId)).toEqual(["yaml"]);
    }
  });

  it("reports an alias without its anchor, and an alias bomb, instead of throwing", () => {
    const parsed = parseYaml("a: 1\n---\nkind: x\nsize: *int32\n", "f.yaml");
    expect(parsed.findings.map((finding) => [finding.source.line, finding.message])).toEqual([
      [
        4,
        "could not parse YAML: Unresolved alias (the anchor must be set before the alias): int32",
      ],
    ]);
    expect(parsed.documents.map((document) => document.value)).toEqual([{ a: 1 }]);

    const bomb = ["a: &a [x, x]", "b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]"];
    bomb.push("c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]", "d: [*c, *c, *c, *c, *c, *c]");
    const findings = parseYaml(`${bomb.join("\n")}\n`, "f.yaml").findings;
    expect(findings.map((finding) => finding.ruleId)).toEqual(["yaml"]);
  });

  it("reports a duplicate key with its line and keeps the other documents", () => {
    const parsed = parseYaml("a: 1\na: 2\n---\nb: 3\n", "f.yaml");
    expect(parsed.findings).toEqual([
      {
        ruleId: "yaml",
        severity: "error",
        message: 'expected each key once in a mapping, found "a" again',
        source: { file: "f.yaml", line: 2, column: 1 },
      },
    ]);
    expect(parsed.documents.map((document) => document.value)).toEqual([{ b: 3 }]);
  });

  it("reports a syntax error as a finding, not a throw", () => {
    const parsed = parseYaml("a: [1, 2\n", "f.yaml");
    expect(parsed.findings[0]).toMatchObject({ ruleId: "yaml", source: { file: "f.yaml" } });
    expect(parsed.findings[0]?.message).toMatch(/^could not parse YAML: /);
  });

  it("reads an empty file as no documents", () => {
    expect(parseYaml("", "f.yaml")).toMatchObject({ documents: [], findings: [] });
  });
});
