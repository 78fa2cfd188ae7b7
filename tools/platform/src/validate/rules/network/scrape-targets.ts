/**
 * The pod ports a PodMonitor or ServiceMonitor makes Prometheus scrape (prometheus-operator,
 * monitoring.coreos.com/v1): PodMonitor endpoints name a container port (port, portNumber or
 * the older targetPort); ServiceMonitor endpoints name a Service port, whose targetPort (a
 * number, a container port name, or by default the port itself) is the pod port.
 */

import {
  matchesLabels,
  parseLabelSelector,
  type Selector,
} from "../../../kubernetes/label-selector.ts";
import type { FieldPath, Manifest } from "../../model.ts";
import { asFields, asList } from "../pod-security/pod-view.ts";
import type { Workload } from "./endpoints.ts";
import type { NetworkView } from "./network-view.ts";

export interface ScrapeTarget {
  monitor: Manifest;
  /** The monitor's endpoint that names the port. */
  path: FieldPath;
  workload: Workload;
  port: number;
}

const group = "monitoring.coreos.com/";

function isKind(manifest: Manifest, kind: string): boolean {
  return manifest.object.apiVersion.startsWith(group) && manifest.object.kind === kind;
}

/** namespaceSelector: {any: true} is every namespace, matchNames a list, nothing the own. */
function namespacesOf(monitor: Manifest): (namespaces: readonly string[]) => string[] {
  const selector = asFields(asFields(monitor.object.spec)?.namespaceSelector);
  if (selector?.any === true) {
    return (namespaces) => [...namespaces];
  }
  const names = asList(selector?.matchNames).map(String);
  if (names.length > 0) {
    return () => names;
  }
  return () => [monitor.object.metadata.namespace ?? ""];
}

function selectorOf(monitor: Manifest): Selector | undefined {
  const parsed = parseLabelSelector(asFields(monitor.object.spec)?.selector);
  return parsed.ok ? parsed.selector : undefined;
}

/** A pod port written as a number or a container port name, on one workload. */
function podPort(workload: Workload, port: unknown): number | undefined {
  if (typeof port === "number") {
    return port;
  }
  return workload.ports.find((p) => p.name === port && p.protocol === "TCP")?.port;
}

function podMonitorTargets(view: NetworkView, monitor: Manifest): ScrapeTarget[] {
  const selector = selectorOf(monitor);
  if (selector === undefined) {
    return [];
  }
  const namespaces = namespacesOf(monitor)([...view.workloadsByNamespace.keys()]);
  const workloads = namespaces
    .flatMap((name) => view.workloadsByNamespace.get(name) ?? [])
    .filter((w) => matchesLabels(selector, w.labels));

  const endpoints = asList(asFields(monitor.object.spec)?.podMetricsEndpoints);
  return endpoints.flatMap((item, index) => {
    const endpoint = asFields(item) ?? {};
    const written = endpoint.port ?? endpoint.portNumber ?? endpoint.targetPort;
    const path = ["spec", "podMetricsEndpoints", index];
    return workloads.flatMap((workload) => {
      const port = podPort(workload, written);
      return port === undefined ? [] : [{ monitor, path, workload, port }];
    });
  });
}

interface ServicePort {
  name: string | undefined;
  targetPort: unknown;
}

function serviceTargets(
  view: NetworkView,
  service: Manifest,
): { workloads: Workload[]; ports: ServicePort[] } {
  const spec = asFields(service.object.spec) ?? {};
  const selector = asFields(spec.selector);
  const pairs = Object.entries(selector ?? {}).map(([k, v]) => [k, String(v)] as const);
  // A Service without a selector has hand-made endpoints: no pod template to follow.
  const workloads =
    pairs.length === 0
      ? []
      : (view.workloadsByNamespace.get(service.object.metadata.namespace ?? "") ?? []).filter((w) =>
          pairs.every(([k, v]) => w.labels[k] === v),
        );
  const ports = asList(spec.ports).map((item) => {
    const fields = asFields(item) ?? {};
    return {
      name: typeof fields.name === "string" ? fields.name : undefined,
      targetPort: fields.targetPort ?? fields.port,
    };
  });
  return { workloads, ports };
}

const serviceIndex = new WeakMap<NetworkView, Map<string, Manifest[]>>();

/** Services by namespace, computed once per view. */
function servicesByNamespace(view: NetworkView): Map<string, Manifest[]> {
  const cached = serviceIndex.get(view);
  if (cached !== undefined) {
    return cached;
  }
  const index = new Map<string, Manifest[]>();
  for (const m of view.manifests) {
    if (m.object.apiVersion === "v1" && m.object.kind === "Service") {
      const namespace = m.object.metadata.namespace ?? "";
      index.set(namespace, [...(index.get(namespace) ?? []), m]);
    }
  }
  serviceIndex.set(view, index);
  return index;
}

function serviceMonitorTargets(view: NetworkView, monitor: Manifest): ScrapeTarget[] {
  const selector = selectorOf(monitor);
  if (selector === undefined) {
    return [];
  }
  const byNamespace = servicesByNamespace(view);
  const namespaces = namespacesOf(monitor)([...byNamespace.keys()]);
  const services = namespaces
    .flatMap((name) => byNamespace.get(name) ?? [])
    .filter((m) => matchesLabels(selector, m.object.metadata.labels ?? {}));

  const endpoints = asList(asFields(monitor.object.spec)?.endpoints);
  return endpoints.flatMap((item, index) => {
    const endpoint = asFields(item) ?? {};
    const path = ["spec", "endpoints", index];
    return services.flatMap((service) => {
      const { workloads, ports } = serviceTargets(view, service);
      const servicePort = ports.find((p) => p.name === endpoint.port);
      const written = endpoint.targetPort ?? servicePort?.targetPort;
      return workloads.flatMap((workload) => {
        const port = podPort(workload, written);
        return port === undefined ? [] : [{ monitor, path, workload, port }];
      });
    });
  });
}

export function scrapeTargets(view: NetworkView): ScrapeTarget[] {
  return view.manifests.flatMap((manifest) => {
    if (isKind(manifest, "PodMonitor")) {
      return podMonitorTargets(view, manifest);
    }
    if (isKind(manifest, "ServiceMonitor")) {
      return serviceMonitorTargets(view, manifest);
    }
    return [];
  });
}
