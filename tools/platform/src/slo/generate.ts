import type { Dashboard } from "@grafana/grafana-foundation-sdk/dashboard";
import { alertmanagerConfig } from "./alertmanager.ts";
import { errorBudget } from "./dashboards/error-budget.ts";
import { toJson } from "./dashboards/panels.ts";
import { serviceHealth } from "./dashboards/service-health.ts";
import { sloOverview } from "./dashboards/slo-overview.ts";
import { sloDoc } from "./docs.ts";
import { generatedNotice, toYaml } from "./format.ts";
import type { Slo } from "./model.ts";
import { dashboardSidecarLabel, dashboards, monitoringNamespace, paths } from "./names.ts";
import { prometheusRule } from "./rules.ts";

/** Every generated file: its path from the repository root and its exact content. */
export type GeneratedFiles = Map<string, string>;

/** The dashboards, keyed by their entry in `dashboards`. */
export function buildDashboards(slos: Slo[]): Record<keyof typeof dashboards, Dashboard> {
  return {
    sloOverview: sloOverview(slos),
    errorBudget: errorBudget(slos),
    serviceHealth: serviceHealth(),
  };
}

export function generate(slos: Slo[]): GeneratedFiles {
  const files: GeneratedFiles = new Map();
  const manifests: string[] = [];
  const addManifest = (name: string, object: unknown) => {
    manifests.push(name);
    files.set(`${paths.manifests}/${name}`, `# ${generatedNotice}\n${toYaml(object)}`);
  };

  for (const slo of slos) {
    addManifest(`prometheus-rule-${slo.id}.yaml`, prometheusRule(slo));
  }
  addManifest("alertmanager-config.yaml", alertmanagerConfig());

  const built = buildDashboards(slos);
  for (const [key, entry] of Object.entries(dashboards)) {
    const json = toJson(built[key as keyof typeof dashboards]);
    files.set(`${paths.dashboards}/${entry.file}`, json);
    addManifest(`dashboard-${entry.uid}.yaml`, dashboardConfigMap(entry.uid, entry.file, json));
  }

  files.set(
    `${paths.manifests}/kustomization.yaml`,
    `# ${generatedNotice}\n${toYaml({
      apiVersion: "kustomize.config.k8s.io/v1beta1",
      kind: "Kustomization",
      resources: manifests,
    })}`,
  );
  files.set(paths.doc, sloDoc(slos));
  return files;
}

/** Grafana's sidecar loads every ConfigMap with the dashboard label, whatever its name. */
function dashboardConfigMap(uid: string, file: string, json: string) {
  return {
    apiVersion: "v1",
    kind: "ConfigMap",
    metadata: {
      name: `dashboard-${uid}`,
      namespace: monitoringNamespace,
      labels: { ...dashboardSidecarLabel },
    },
    data: { [file]: json },
  };
}
