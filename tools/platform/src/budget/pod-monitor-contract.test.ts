/**
 * The committed PodMonitor of the demo app must produce exactly the label contract of
 * tools/platform/src/contract/telemetry.ts. A real Prometheus applies the PodMonitor's
 * relabelings to a target that carries the labels Kubernetes service discovery and the
 * Prometheus Operator would give a demo-app pod, scrapes a loopback exporter, and the test
 * compares the labels of the stored series with the contract. Changing either side fails it.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse, stringify } from "yaml";
import { metricNames, podLabelMeta, requestLabels, targetLabels } from "../contract/telemetry.ts";
import { findPrometheus, freePort } from "../prometheus/index.ts";
import { repoRoot } from "./print-budget.ts";

const podMonitorFile = "platform/observability/config/demo-app-pod-monitor.yaml";

/** Labels every Prometheus target has whatever its configuration: no query selects on them. */
const prometheusOwnLabels = ["job", "instance"];

/** A demo-app pod as Kubernetes service discovery describes it. */
const pod = {
  namespace: "demo-staging",
  name: "demo-app-6c5f7d9b8-x2k4p",
  labels: {
    "app.kubernetes.io/name": "demo-app",
    "app.kubernetes.io/part-of": "gitops-platform",
    "app.kubernetes.io/version": "1.0.0",
    "rollouts-pod-template-hash": "6c5f7d9b8",
  } as Record<string, string>,
};

interface PodMonitorEndpoint {
  port?: string;
  path?: string;
  relabelings?: Record<string, unknown>[];
}

async function readPodMonitor(): Promise<{
  spec: {
    selector: { matchLabels: Record<string, string> };
    podMetricsEndpoints: PodMonitorEndpoint[];
  };
}> {
  return parse(await readFile(join(repoRoot, podMonitorFile), "utf8"));
}

/** The PodMonitor's camelCase relabelings as Prometheus' relabel_configs. */
function toRelabelConfigs(relabelings: Record<string, unknown>[]): Record<string, unknown>[] {
  const names: Record<string, string> = {
    sourceLabels: "source_labels",
    targetLabel: "target_label",
  };
  return relabelings.map((rule) =>
    Object.fromEntries(Object.entries(rule).map(([key, value]) => [names[key] ?? key, value])),
  );
}

/**
 * The labels a PodMonitor target has before its own relabelings run: the discovery meta labels
 * and what the operator's generated relabelings set first (namespace, pod, container, endpoint,
 * and job as <namespace>/<PodMonitor name>).
 */
function discoveredLabels(): Record<string, string> {
  const labels: Record<string, string> = {
    __meta_kubernetes_namespace: pod.namespace,
    __meta_kubernetes_pod_name: pod.name,
    namespace: pod.namespace,
    pod: pod.name,
    container: "demo-app",
    endpoint: "http",
    job: "monitoring/demo-app",
  };
  for (const [name, value] of Object.entries(pod.labels)) {
    labels[podLabelMeta(name)] = value;
  }
  return labels;
}

describe("the demo app's PodMonitor", () => {
  let exporter: Server;
  let prometheus: ChildProcess | undefined;
  let folder: string;
  let url: string;

  beforeAll(async () => {
    const endpoint = (await readPodMonitor()).spec.podMetricsEndpoints[0];
    exporter = createServer((_, response) => {
      response.setHeader("content-type", "text/plain; version=0.0.4");
      response.end(`${metricNames.requestsTotal}{method="GET",route="/",code="200"} 3\n`);
    });
    await new Promise<void>((resolve) => exporter.listen(0, "127.0.0.1", resolve));
    const exporterPort = (exporter.address() as AddressInfo).port;

    folder = await mkdtemp(join(tmpdir(), "pod-monitor-contract-"));
    const config = {
      global: { scrape_interval: "1s", scrape_timeout: "1s" },
      scrape_configs: [
        {
          job_name: "pod-monitor",
          metrics_path: endpoint?.path ?? "/metrics",
          static_configs: [{ targets: [`127.0.0.1:${exporterPort}`], labels: discoveredLabels() }],
          relabel_configs: toRelabelConfigs(endpoint?.relabelings ?? []),
        },
      ],
    };
    await writeFile(join(folder, "prometheus.yml"), stringify(config));

    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    prometheus = spawn(
      await findPrometheus(process.env),
      [
        `--config.file=${join(folder, "prometheus.yml")}`,
        `--storage.tsdb.path=${join(folder, "data")}`,
        `--web.listen-address=127.0.0.1:${port}`,
      ],
      { stdio: "ignore" },
    );
  });

  afterAll(async () => {
    prometheus?.kill("SIGTERM");
    await new Promise<void>((resolve) => exporter.close(() => resolve()));
    await rm(folder, { recursive: true, force: true });
  });

  it("selects the demo app's pods by the contract's app label on the http port", async () => {
    const { spec } = await readPodMonitor();
    const appLabel = targetLabels.app.fromPodLabel;

    expect(spec.selector.matchLabels).toEqual({ [appLabel]: pod.labels[appLabel] });
    expect(spec.podMetricsEndpoints).toHaveLength(1);
    expect(spec.podMetricsEndpoints[0]?.port).toBe("http");
  });

  it("gives every series exactly the contract's labels, with values from the pod", async () => {
    const labels = await firstSeries(url, metricNames.requestsTotal);
    const contract = Object.values(targetLabels).map((entry) => entry.label);
    const own = Object.keys(labels).filter(
      (name) => name !== "__name__" && !(requestLabels as readonly string[]).includes(name),
    );

    expect(own.sort()).toEqual([...contract, ...prometheusOwnLabels].sort());
    expect(labels[targetLabels.namespace.label]).toBe(pod.namespace);
    expect(labels[targetLabels.pod.label]).toBe(pod.name);
    for (const entry of Object.values(targetLabels)) {
      if (entry.fromPodLabel !== undefined) {
        expect(labels[entry.label], entry.label).toBe(pod.labels[entry.fromPodLabel]);
      }
    }
  });
});

/** The labels of the first stored series of a metric, waiting up to 30 s for a scrape. */
async function firstSeries(url: string, metric: string): Promise<Record<string, string>> {
  const deadline = Date.now() + 30_000;
  let lastProblem = "Prometheus did not answer";
  while (Date.now() < deadline) {
    try {
      const response = await fetch(`${url}/api/v1/series?match[]=${metric}`);
      const body = (await response.json()) as { data?: Record<string, string>[] };
      const first = body.data?.[0];
      if (first) {
        return first;
      }
      lastProblem = `no ${metric} series stored yet`;
    } catch (error) {
      lastProblem = (error as Error).message;
    }
    await sleep(250);
  }
  throw new Error(`could not read a ${metric} series from ${url}: ${lastProblem}`);
}
