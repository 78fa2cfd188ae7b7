import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { run } from "../main.ts";
import { paths } from "./names.ts";

const repoRoot = new URL("../../../../", import.meta.url).pathname;

function capture(cwd: string) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  return {
    io: { stdout, stderr, cwd, env: {} },
    err: () => stderr.read()?.toString() ?? "",
  };
}

/** A scratch repository holding a copy of the specs and of the committed generated files. */
let scratch = "";
beforeEach(async () => {
  scratch = await mkdtemp(join(tmpdir(), "slo-command-"));
  for (const path of [paths.specs, paths.manifests, paths.dashboards, paths.doc]) {
    await cp(join(repoRoot, path), join(scratch, path), { recursive: true });
  }
});
afterEach(() => rm(scratch, { recursive: true, force: true }));

describe("platform slo", () => {
  it("check passes on the committed files of this repository", async () => {
    const { io, err } = capture(repoRoot);
    expect(await run(["slo", "check"], io)).toBe(0);
    expect(err()).toContain("generated files match");
  });

  it("check exits 1 and names the file and line when a generated file was edited", async () => {
    const rule = join(scratch, paths.manifests, "prometheus-rule-demo-app-availability.yaml");
    await writeFile(rule, (await readFile(rule, "utf8")).replace("vector(0.999)", "vector(0.99)"));
    const { io, err } = capture(scratch);
    expect(await run(["slo", "check"], io)).toBe(1);
    const text = err();
    expect(text).toMatch(/prometheus-rule-demo-app-availability\.yaml:\d+: expected/);
    expect(text).toContain("1 generated files are out of date");
  });

  it("check names a generated file no spec produces any more", async () => {
    await rm(join(scratch, paths.specs, "demo-app-latency.yaml"));
    const { io, err } = capture(scratch);
    expect(await run(["slo", "check"], io)).toBe(1);
    expect(err()).toContain(
      `${paths.manifests}/prometheus-rule-demo-app-latency.yaml: expected no file`,
    );
  });

  it("generate writes nothing when a spec is bad, and says where", async () => {
    const spec = join(scratch, paths.specs, "demo-app-availability.yaml");
    await writeFile(spec, (await readFile(spec, "utf8")).replace("target: 0.999", "target: 1.5"));
    const doc = join(scratch, paths.doc);
    await writeFile(doc, "untouched\n");

    const { io, err } = capture(scratch);
    expect(await run(["slo", "generate"], io)).toBe(1);
    expect(err()).toContain(
      "slo/demo-app-availability.yaml: spec.objectives[0].target: " +
        "expected a number between 0 and 1 (exclusive), found 1.5",
    );
    expect(await readFile(doc, "utf8")).toBe("untouched\n");
  });

  it("generate --period writes rules over the shorter period elsewhere", async () => {
    const out = join(scratch, "out");
    const { io } = capture(scratch);
    expect(await run(["slo", "generate", "--period", "10m", "--out", out], io)).toBe(0);
    const rule = await readFile(
      join(out, paths.manifests, "prometheus-rule-demo-app-availability.yaml"),
      "utf8",
    );
    expect(rule).toContain("slo:sli_error:ratio_rate10m");
    expect(rule).not.toContain("ratio_rate30d");
  });

  it("rejects a period that is not a duration with exit code 2", async () => {
    const { io, err } = capture(scratch);
    expect(await run(["slo", "generate", "--period", "ten"], io)).toBe(2);
    expect(err()).toContain('--period: expected a duration such as 10m or 30d, found "ten"');
  });
});
