import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { v1, v1alpha1 } from "@kubernetes-models/prometheus-operator/monitoring.coreos.com";
import { ConfigMap } from "kubernetes-models/v1/ConfigMap";
import { describe, expect, it } from "vitest";
import { parseAllDocuments } from "yaml";
import { alertmanagerConfig } from "./alertmanager.ts";
import { toYaml } from "./format.ts";
import { generate } from "./generate.ts";
import { loadSpecs } from "./load-specs.ts";
import {
  alertNames,
  annotations,
  dashboardSidecarLabel,
  paths,
  releaseLabel,
  runbookPaths,
} from "./names.ts";
import { prometheusRule, ruleGroups } from "./rules.ts";

const run = promisify(execFile);
const repoRoot = new URL("../../../../", import.meta.url).pathname;
const { slos } = await loadSpecs(repoRoot);
const files = generate(slos);

describe("the generated manifests", () => {
  it("are PrometheusRules valid against the operator's schema, with the release label", () => {
    for (const slo of slos) {
      const object = prometheusRule(slo);
      expect(() => new v1.PrometheusRule(object).validate()).not.toThrow();
      expect(object.metadata.labels).toMatchObject(releaseLabel);
    }
  });

  it("include an AlertmanagerConfig valid against its schema", () => {
    expect(() =>
      new v1alpha1.AlertmanagerConfig(alertmanagerConfig() as never).validate(),
    ).not.toThrow();
  });

  it("carry each dashboard as a ConfigMap with the sidecar label and the same JSON", () => {
    const configMaps = [...files]
      .filter(([path]) => path.startsWith(`${paths.manifests}/dashboard-`))
      .map(([, text]) => parseAllDocuments(text)[0]?.toJS() as Record<string, never>);
    expect(configMaps).toHaveLength(3);
    for (const object of configMaps) {
      const configMap = new ConfigMap(object);
      expect(() => configMap.validate()).not.toThrow();
      expect(configMap.metadata?.labels).toMatchObject(dashboardSidecarLabel);
      const [[name, json]] = Object.entries(configMap.data ?? {}) as [[string, string]];
      expect(files.get(`${paths.dashboards}/${name}`)).toBe(json);
      expect(JSON.parse(json).uid).toBeTruthy();
    }
  });

  it("render with kubectl kustomize into every listed object", async () => {
    const { stdout } = await run("kubectl", ["kustomize", join(repoRoot, paths.manifests)]);
    const kinds = parseAllDocuments(stdout).map((doc) => (doc.toJS() as { kind: string }).kind);
    expect(kinds.sort()).toEqual([
      "AlertmanagerConfig",
      "ConfigMap",
      "ConfigMap",
      "ConfigMap",
      ...slos.map(() => "PrometheusRule"),
    ]);
  });

  it("pass promtool's rule check, duplicates included", async () => {
    const dir = await mkdtemp(join(tmpdir(), "slo-check-"));
    try {
      await writeFile(join(dir, "rules.yaml"), toYaml({ groups: slos.flatMap(ruleGroups) }));
      const { stdout } = await run("promtool", ["check", "rules", join(dir, "rules.yaml")]);
      expect(stdout).toContain("SUCCESS");
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("point every alert at a runbook that exists", () => {
    const alerts = slos.flatMap(ruleGroups).flatMap((group) => group.rules);
    for (const rule of alerts) {
      if ("alert" in rule) {
        const runbook = rule.annotations[annotations.runbook] ?? "";
        expect(existsSync(join(repoRoot, runbook)), runbook).toBe(true);
      }
    }
    expect(Object.keys(runbookPaths).sort()).toEqual(Object.values(alertNames).sort());
  });
});
