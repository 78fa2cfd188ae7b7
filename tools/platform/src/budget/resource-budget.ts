/**
 * The platform's resource requests, read from the Helm values and manifests that set them, so
 * the budget in the README is the repository's own numbers and a change that outgrows a laptop
 * cluster fails a test.
 */
import { execFile } from "node:child_process";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import { parseAllDocuments } from "yaml";
import { gibibyte, mebibyte, parseCpu, parseMemory } from "../kubernetes/quantity.ts";
import { valueAt } from "../manifests/objects.ts";

type Path = readonly (string | number)[];

export interface Requests {
  cpuMillicores: number;
  memoryBytes: number;
}

/** One workload's requests and how many copies of it run. */
export interface BudgetLine {
  group: string;
  component: string;
  /** Where the requests were read from, relative to the repository root. */
  source: string;
  copies: number;
  /** Why that many copies: "replicas", "per node", "scan jobs at once", ... */
  copiesReason: string;
  each: Requests;
}

/** Where a component's requests and copy count are written in the repository. */
interface ValuesItem {
  group: string;
  component: string;
  file: string;
  /** A ConfigMap in the file whose data key holds YAML (Istio's gateway overrides). */
  embedded?: { configMap: string; key: string };
  resources: Path;
  copies: { path: Path; reason: string } | { fixed: number; reason: string } | "per node";
}

/** The components this repository's week of work added, budgeted together in the seed. */
export const addedGroups = ["istio", "argo-rollouts", "falco", "trivy-operator"] as const;

/** The seed's budget for those additions: about 1 CPU and 1 GiB of memory. */
export const addedBudget: Requests = { cpuMillicores: 1000, memoryBytes: gibibyte };

/** The laptop cluster the README measures the whole platform against (OrbStack's 7.8 GB). */
export const laptopMemoryBytes = 7.8e9;

const istio = "platform/service-mesh/istio";
const rollouts = "platform/progressive-delivery/argo-rollouts/values.yaml";
const falco = "platform/security/falco/values.yaml";
const trivy = "platform/security/trivy-operator/values.yaml";
const monitoring = "platform/observability/values.yaml";

const valuesItems: readonly ValuesItem[] = [
  {
    group: "istio",
    component: "istiod",
    file: `${istio}/values/istiod.yaml`,
    resources: ["resources"],
    copies: { path: ["replicaCount"], reason: "replicas" },
  },
  {
    group: "istio",
    component: "istio-cni",
    file: `${istio}/values/cni.yaml`,
    resources: ["resources"],
    copies: "per node",
  },
  {
    group: "istio",
    component: "ztunnel",
    file: `${istio}/values/ztunnel.yaml`,
    resources: ["resources"],
    copies: "per node",
  },
  {
    group: "istio",
    component: "ingress gateway",
    file: `${istio}/config/ingress-gateway.yaml`,
    embedded: { configMap: "platform-ingress-options", key: "deployment" },
    resources: ["spec", "template", "spec", "containers", 0, "resources"],
    copies: { fixed: 1, reason: "replicas" },
  },
  {
    group: "argo-rollouts",
    component: "controller",
    file: rollouts,
    resources: ["controller", "resources"],
    copies: { path: ["controller", "replicas"], reason: "replicas" },
  },
  {
    group: "argo-rollouts",
    component: "dashboard",
    file: rollouts,
    resources: ["dashboard", "resources"],
    copies: { fixed: 1, reason: "replicas" },
  },
  {
    group: "falco",
    component: "falco",
    file: falco,
    resources: ["resources"],
    copies: "per node",
  },
  {
    group: "falco",
    component: "falcosidekick",
    file: falco,
    resources: ["falcosidekick", "resources"],
    copies: { path: ["falcosidekick", "replicaCount"], reason: "replicas" },
  },
  {
    group: "trivy-operator",
    component: "operator",
    file: trivy,
    resources: ["resources"],
    copies: { fixed: 1, reason: "replicas" },
  },
  {
    group: "trivy-operator",
    component: "scan jobs (peak)",
    file: trivy,
    resources: ["trivy", "resources"],
    copies: { path: ["operator", "scanJobsConcurrentLimit"], reason: "scan jobs at once" },
  },
  {
    group: "monitoring",
    component: "prometheus",
    file: monitoring,
    resources: ["prometheus", "prometheusSpec", "resources"],
    copies: { path: ["prometheus", "prometheusSpec", "replicas"], reason: "replicas" },
  },
  {
    group: "monitoring",
    component: "alertmanager",
    file: monitoring,
    resources: ["alertmanager", "alertmanagerSpec", "resources"],
    copies: { path: ["alertmanager", "alertmanagerSpec", "replicas"], reason: "replicas" },
  },
  {
    group: "monitoring",
    component: "grafana",
    file: monitoring,
    resources: ["grafana", "resources"],
    copies: { fixed: 1, reason: "replicas" },
  },
  {
    group: "monitoring",
    component: "grafana dashboard sidecar",
    file: monitoring,
    resources: ["grafana", "sidecar", "resources"],
    copies: { fixed: 1, reason: "replicas" },
  },
  {
    group: "monitoring",
    component: "prometheus-operator",
    file: monitoring,
    resources: ["prometheusOperator", "resources"],
    copies: { fixed: 1, reason: "replicas" },
  },
  {
    group: "monitoring",
    component: "kube-state-metrics",
    file: monitoring,
    resources: ["kube-state-metrics", "resources"],
    copies: { fixed: 1, reason: "replicas" },
  },
  {
    group: "monitoring",
    component: "node-exporter",
    file: monitoring,
    resources: ["prometheus-node-exporter", "resources"],
    copies: "per node",
  },
];

/** The demo app's environments, rendered with kubectl kustomize. */
const demoOverlays = ["dev", "staging", "production"].map(
  (environment) => `applications/demo-app/k8s/overlays/${environment}`,
);

/**
 * Every line of the budget. `nodes` multiplies the per-node DaemonSets (kind's default cluster
 * has one node). Throws an error naming the file and field when a request cannot be read.
 */
export async function readBudget(repoRoot: string, nodes = 1): Promise<BudgetLine[]> {
  const lines: BudgetLine[] = [];

  for (const item of valuesItems) {
    lines.push(await readValuesItem(repoRoot, item, nodes));
  }

  for (const overlay of demoOverlays) {
    lines.push(...(await readOverlay(repoRoot, overlay)));
  }
  return lines;
}

export function sumRequests(lines: readonly BudgetLine[]): Requests {
  return lines.reduce(
    (total, line) => ({
      cpuMillicores: total.cpuMillicores + line.each.cpuMillicores * line.copies,
      memoryBytes: total.memoryBytes + line.each.memoryBytes * line.copies,
    }),
    { cpuMillicores: 0, memoryBytes: 0 },
  );
}

/** Problems with a total against a limit, as "expected at most X, found Y" sentences. */
export function overBudget(total: Requests, limit: Requests, what: string): string[] {
  const problems: string[] = [];
  if (total.cpuMillicores > limit.cpuMillicores) {
    problems.push(
      `${what}: expected CPU requests of at most ${limit.cpuMillicores}m, ` +
        `found ${total.cpuMillicores}m`,
    );
  }
  if (total.memoryBytes > limit.memoryBytes) {
    problems.push(
      `${what}: expected memory requests of at most ${formatMiB(limit.memoryBytes)}, ` +
        `found ${formatMiB(total.memoryBytes)}`,
    );
  }
  return problems;
}

export function formatMiB(bytes: number): string {
  return `${Math.round(bytes / mebibyte)} MiB`;
}

/** The budget as the Markdown table and totals the README shows. */
export function formatBudget(lines: readonly BudgetLine[]): string {
  const rows = lines.map(
    (line) =>
      `| ${line.group} | ${line.component} | ${line.copies} (${line.copiesReason}) | ` +
      `${line.each.cpuMillicores * line.copies}m | ` +
      `${formatMiB(line.each.memoryBytes * line.copies)} |`,
  );
  const added = sumRequests(lines.filter((line) => isAdded(line.group)));
  const all = sumRequests(lines);
  const share = ((all.memoryBytes / laptopMemoryBytes) * 100).toFixed(0);

  return [
    "| group | component | copies | CPU requests | memory requests |",
    "|---|---|---|---|---|",
    ...rows,
    "",
    `Added this week (Istio, Argo Rollouts, Falco, Trivy): ${added.cpuMillicores}m CPU, ` +
      `${formatMiB(added.memoryBytes)} (budget ${addedBudget.cpuMillicores}m, ` +
      `${formatMiB(addedBudget.memoryBytes)}).`,
    `Whole platform: ${all.cpuMillicores}m CPU, ${formatMiB(all.memoryBytes)} of memory ` +
      `requested, ${share}% of a 7.8 GB laptop cluster (${formatMiB(laptopMemoryBytes)}), ` +
      "besides Argo CD (its upstream install manifest sets no requests) and the cluster's own " +
      "components (control plane, CoreDNS, the CNI).",
    "",
  ].join("\n");
}

export function isAdded(group: string): boolean {
  return (addedGroups as readonly string[]).includes(group);
}

async function readValuesItem(
  repoRoot: string,
  item: ValuesItem,
  nodes: number,
): Promise<BudgetLine> {
  let document = await readYamlDocument(repoRoot, item.file);
  let where = item.file;
  if (item.embedded) {
    const configMap = findObject(document, "ConfigMap", item.embedded.configMap, item.file);
    const embedded = valueAt(configMap, ["data", item.embedded.key]);
    where = `${item.file}: ConfigMap ${item.embedded.configMap} data.${item.embedded.key}`;
    if (typeof embedded !== "string") {
      throw new Error(`${where}: expected a YAML text, found ${JSON.stringify(embedded)}`);
    }
    document = [parseAllDocuments(embedded)[0]?.toJS()];
  }

  const root = document[0];
  const each = readRequests(root, item.resources, where);
  const { copies, reason } = countCopies(root, item, nodes, where);
  return {
    group: item.group,
    component: item.component,
    source: item.file,
    copies,
    copiesReason: reason,
    each,
  };
}

function countCopies(
  root: unknown,
  item: ValuesItem,
  nodes: number,
  where: string,
): { copies: number; reason: string } {
  if (item.copies === "per node") {
    return { copies: nodes, reason: nodes === 1 ? "per node, 1 node" : `per node, ${nodes} nodes` };
  }
  if ("fixed" in item.copies) {
    return { copies: item.copies.fixed, reason: item.copies.reason };
  }
  const value = valueAt(root, item.copies.path);
  if (typeof value !== "number" || !Number.isInteger(value) || value < 0) {
    throw new Error(
      `${where}: expected a whole number at ${item.copies.path.join(".")}, ` +
        `found ${JSON.stringify(value)}`,
    );
  }
  return { copies: value, reason: item.copies.reason };
}

function readRequests(root: unknown, path: Path, where: string): Requests {
  const at = `${where}: ${path.join(".")}.requests`;
  const requests = valueAt(root, [...path, "requests"]);
  if (requests === undefined || requests === null || typeof requests !== "object") {
    throw new Error(
      `${at}: expected requests with cpu and memory, found ${JSON.stringify(requests)}`,
    );
  }
  const { cpu, memory } = requests as Record<string, unknown>;
  return {
    cpuMillicores: parseCpu(cpu, `${at}.cpu`),
    memoryBytes: parseMemory(memory, `${at}.memory`),
  };
}

const run = promisify(execFile);

async function readOverlay(repoRoot: string, overlay: string): Promise<BudgetLine[]> {
  const { stdout } = await run("kubectl", ["kustomize", join(repoRoot, overlay)], {
    maxBuffer: 64 * 1024 * 1024,
  });
  const objects = parseAllDocuments(stdout).map((document) => document.toJS() as unknown);
  const lines: BudgetLine[] = [];

  for (const object of objects) {
    const kind = valueAt(object, ["kind"]);
    if (kind !== "Rollout" && kind !== "Deployment" && kind !== "StatefulSet") {
      continue;
    }
    const name = String(valueAt(object, ["metadata", "name"]));
    const namespace = String(valueAt(object, ["metadata", "namespace"]));
    const replicas = valueAt(object, ["spec", "replicas"]);
    const containers = valueAt(object, ["spec", "template", "spec", "containers"]);
    const where = `${overlay}: ${kind} ${namespace}/${name}`;
    const each = (Array.isArray(containers) ? containers : []).reduce<Requests>(
      (total, _container, index) => {
        const requests = readRequests(
          object,
          ["spec", "template", "spec", "containers", index, "resources"],
          where,
        );
        return {
          cpuMillicores: total.cpuMillicores + requests.cpuMillicores,
          memoryBytes: total.memoryBytes + requests.memoryBytes,
        };
      },
      { cpuMillicores: 0, memoryBytes: 0 },
    );
    lines.push({
      group: "demo-app",
      component: `${namespace} ${kind.toLowerCase()}`,
      source: overlay,
      copies: typeof replicas === "number" ? replicas : 1,
      copiesReason: "replicas",
      each,
    });
  }
  return lines;
}

async function readYamlDocument(repoRoot: string, file: string): Promise<unknown[]> {
  const text = await readFile(join(repoRoot, file), "utf8");
  return parseAllDocuments(text).map((document) => document.toJS() as unknown);
}

function findObject(documents: unknown[], kind: string, name: string, file: string): unknown {
  const found = documents.find(
    (object) =>
      valueAt(object, ["kind"]) === kind && valueAt(object, ["metadata", "name"]) === name,
  );
  if (found === undefined) {
    throw new Error(`${file}: expected a ${kind} named ${name}, found none`);
  }
  return found;
}
