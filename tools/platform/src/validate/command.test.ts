import { execFile } from "node:child_process";
import path from "node:path";
import { PassThrough } from "node:stream";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { run } from "../main.ts";

const fixture = path.resolve(import.meta.dirname, "../../testdata/validate/e2e");
const bin = path.resolve(import.meta.dirname, "../../bin/platform.ts");

async function validate(args: string[], env: NodeJS.ProcessEnv = {}) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const code = await run(["validate", ...args], { stdout, stderr, cwd: fixture, env });
  const text = (stream: PassThrough): string => stream.read()?.toString() ?? "";
  return { code, out: text(stdout), err: text(stderr) };
}

interface SarifLog {
  version: string;
  runs: {
    tool: { driver: { name: string; rules: { id: string }[] } };
    results: {
      ruleId: string;
      ruleIndex: number;
      level: string;
      message: { text: string };
      locations: {
        physicalLocation: {
          artifactLocation: { uri: string };
          region: { startLine: number; startColumn: number };
        };
      }[];
    }[];
  }[];
}

describe("platform validate", () => {
  it("prints findings like a compiler and exits 1 on errors", async () => {
    const { code, out, err } = await validate([]);
    expect(code).toBe(1);
    const lines = out.trimEnd().split("\n");
    for (const line of lines) {
      expect(line).toMatch(/^[^:\s]+:\d+:\d+ {2}(error|warning|info) {2}[a-z-]+ {2}\S/);
    }
    expect(lines).toContain(
      "apps/web/deployment.yaml:6:3  error  schema  " +
        'Deployment web/web: spec.replicas: expected integer, found string "2"',
    );
    expect(lines).toContain(
      "apps/web/deployment.yaml:17:11  error  images-resources  Deployment web/web: container " +
        "web: expected a pinned tag or digest on image nginx:latest, found latest",
    );
    expect(
      lines.some((line) => line.startsWith("notes/values.yaml:1:1  warning  manifest  ")),
    ).toBe(true);
    expect(err).toMatch(/\d+ errors?, \d+ warnings? in 2 objects \(1 kustomization rendered\)/);
  });

  it("exits 0 on a clean path, and warnings fail only with --strict", async () => {
    expect((await validate(["config"])).code).toBe(0);
    expect((await validate(["notes"])).code).toBe(0);
    expect((await validate(["notes", "--strict"])).code).toBe(1);
  });

  it("writes every finding as JSON with its file, line, rule and object", async () => {
    const { code, out } = await validate(["--format", "json"]);
    expect(code).toBe(1);
    const report = JSON.parse(out) as {
      findings: { file: string; line: number; rule: string; severity: string }[];
      summary: { errors: number; objects: number };
    };
    expect(report.summary.objects).toBe(2);
    const errors = report.findings.filter((finding) => finding.severity === "error");
    expect(report.summary.errors).toBe(errors.length);
    expect(report.findings).toContainEqual(
      expect.objectContaining({
        file: "apps/web/deployment.yaml",
        line: 6,
        rule: "schema",
        severity: "error",
        object: { kind: "Deployment", namespace: "web", name: "web" },
      }),
    );
  });

  it("writes SARIF 2.1.0 whose results point at the rules and the source lines", async () => {
    const { code, out } = await validate(["--format", "sarif"]);
    expect(code).toBe(1);
    const log = JSON.parse(out) as SarifLog;
    expect(log.version).toBe("2.1.0");
    const [sarifRun] = log.runs;
    const rules = sarifRun?.tool.driver.rules.map((rule) => rule.id) ?? [];
    expect(rules).toEqual(
      expect.arrayContaining(["schema", "images-resources", "yaml", "manifest"]),
    );
    const replicas = sarifRun?.results.find((result) =>
      result.message.text.includes("spec.replicas"),
    );
    expect(replicas?.level).toBe("error");
    expect(rules[replicas?.ruleIndex ?? -1]).toBe("schema");
    expect(replicas?.locations[0]?.physicalLocation).toEqual({
      artifactLocation: { uri: "apps/web/deployment.yaml", uriBaseId: "SRCROOT" },
      region: { startLine: 6, startColumn: 3 },
    });
  });

  it("reads a folder outside the cwd as its own repository, printing paths from here", async () => {
    const { code, out } = await validate(["../elsewhere", "--format", "json"]);
    const report = JSON.parse(out) as { findings: { rule: string; file: string }[] };
    expect(report.findings.map((finding) => `${finding.file} ${finding.rule}`)).toEqual([
      "../elsewhere/apps/web.yaml schema",
    ]);
    expect(code).toBe(0);
  });

  it("exits 2 for a path that does not exist, an unknown format, or no kubectl", async () => {
    const missing = await validate(["no-such-folder"]);
    expect(missing.code).toBe(2);
    expect(missing.err).toContain("could not validate no-such-folder: no such file or folder");
    expect((await validate(["--format", "xml"])).code).toBe(2);
    const noKubectl = await validate([], { PLATFORM_KUBECTL: "/nonexistent/kubectl" });
    expect(noKubectl.code).toBe(2);
    expect(noKubectl.err.match(/not installed or not on PATH/g)).toHaveLength(1);
    expect(noKubectl.err).toContain("(0 kustomizations rendered)");
  });

  it("runs as the installed command with Node 24", async () => {
    const result = await promisify(execFile)(process.execPath, [bin, "validate", "config"], {
      cwd: fixture,
    }).catch((error: { code: number; stdout: string; stderr: string }) => error);
    expect(Number.parseInt(process.versions.node, 10)).toBeGreaterThanOrEqual(24);
    expect("code" in result ? result.code : 0).toBe(0);
    expect(result.stderr).toMatch(/^0 errors, 0 warnings in 1 object/);
  });

  it("prints the rule table with every rule's id, summary and reason", async () => {
    const { code, out } = await validate(["--list-rules"]);
    expect(code).toBe(0);
    const rows = out.trimEnd().split("\n");
    expect(rows[0]).toBe("| id | what it checks | why |");
    for (const id of [
      "schema",
      "references",
      "promql",
      "analysis",
      "images-resources",
      "argo-cd",
    ]) {
      expect(rows.some((row) => row.startsWith(`| \`${id}\` | `))).toBe(true);
    }
  });
});
