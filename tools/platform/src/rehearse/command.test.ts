import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { run } from "../main.ts";
import type { ReportData } from "./report-data.ts";
import { repoRoot, testdata } from "./test-support.ts";

async function platform(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const chunks = { stdout: "", stderr: "" };
  stdout.on("data", (chunk) => {
    chunks.stdout += String(chunk);
  });
  stderr.on("data", (chunk) => {
    chunks.stderr += String(chunk);
  });
  const code = await run(argv, { stdout, stderr, cwd: repoRoot, env: process.env });
  return { code, ...chunks };
}

const chromium = "/usr/bin/chromium";

describe("platform rehearse", () => {
  let reports = "";

  beforeAll(async () => {
    reports = await mkdtemp(join(tmpdir(), "rehearse-report-"));
  });

  afterAll(() => rm(reports, { recursive: true, force: true }));

  it("names an unsupported field's file and line, exiting 2 before starting anything", async () => {
    const result = await platform(["rehearse", "--overlay", `${testdata}/unsupported-step`]);

    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      "platform: tools/platform/src/rehearse/testdata/unsupported-step/set-mirror-route.yaml:4: " +
        "Rollout demo-app: " +
        "spec.strategy.canary.steps[1].setMirrorRoute is not supported by the rehearsal " +
        "(supported here: analysis, pause, setCanaryScale, setWeight)\n",
    );
  });

  it("rejects an unknown overlay and bad options as usage errors", async () => {
    expect((await platform(["rehearse", "--overlay", "nowhere"])).stderr).toMatch(
      /no overlay "nowhere"/,
    );
    const scale = await platform([
      "rehearse",
      "--overlay",
      `${testdata}/canary`,
      "--time-scale",
      "0",
    ]);
    expect(scale).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/--time-scale expects a positive number/),
    });
    const set = await platform(["rehearse", "--overlay", `${testdata}/canary`, "--set", "oops"]);
    expect(set).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/--set expects KEY=VALUE/),
    });
  });

  it("exits 3 on an abort and writes the report as HTML and JSON", async () => {
    const argv = [
      "rehearse",
      "--overlay",
      `${testdata}/blue-green`,
      "--scenario",
      "errors",
      "--time-scale",
      "10",
      "--scrape-interval",
      "500",
      "--report-dir",
      reports,
    ];
    const result = await platform(argv);

    expect(result.code).toBe(3);
    expect(result.stdout).toMatch(/^aborted before promotion: metric success-rate measured/);
    expect(result.stdout).toMatch(/report: .*blue-green-errors\.html/);
    expect(result.stderr).toMatch(/verdict +aborted/);
    const data = JSON.parse(
      await readFile(
        join(reports, "tools-platform-src-rehearse-testdata-blue-green-errors.json"),
        "utf8",
      ),
    ) as ReportData;
    expect(data.verdict.outcome).toBe("aborted");
    expect(data.measurements.length).toBeGreaterThan(0);
    expect(data.series.map((s) => s.role)).toEqual(["stable", "new"]);
  }, 90_000);

  it("writes an HTML report Chromium opens without errors, showing its charts", async () => {
    const html = join(reports, "tools-platform-src-rehearse-testdata-blue-green-errors.html");
    const page = await readFile(html, "utf8");
    expect(page).not.toMatch(/(src|href)=["']?(https?:)?\/\//);

    const profile = await mkdtemp(join(tmpdir(), "rehearse-chromium-"));
    try {
      const { stdout, stderr } = await promisify(execFile)(
        chromium,
        [
          "--headless",
          "--no-sandbox",
          "--disable-gpu",
          "--disable-background-networking",
          "--disable-component-update",
          "--disable-sync",
          "--no-first-run",
          `--user-data-dir=${profile}`,
          "--enable-logging=stderr",
          "--dump-dom",
          `file://${html}`,
        ],
        { timeout: 60_000, maxBuffer: 20 * 1024 * 1024 },
      );
      const charts = (page.match(/<svg class="chart"/g) ?? []).length;
      expect(charts).toBeGreaterThanOrEqual(4);
      // The page's own script counts the charts the browser built; it only runs without errors.
      expect(stdout).toContain(`data-charts="${charts}"`);
      expect(stdout).toMatch(/<path d="M[\d.]+,[\d.]+ L/);
      expect(stderr).not.toMatch(/Uncaught|CONSOLE.*error/i);
    } finally {
      await rm(profile, { recursive: true, force: true });
    }
  }, 90_000);

  it("bundles a report file in every run folder it writes into", async () => {
    const page = await readFile(
      join(reports, "tools-platform-src-rehearse-testdata-blue-green-errors.html"),
      "utf8",
    );
    expect(page).toContain('<script id="report-data" type="application/json">');
  });
});
