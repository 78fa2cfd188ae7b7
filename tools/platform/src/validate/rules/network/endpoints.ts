/**
 * The pods the repository would run, seen from the network: namespace, labels, container ports,
 * probe ports and whether Istio ambient captures their traffic.
 */

import type { Labels } from "../../../kubernetes/label-selector.ts";
import type { FieldPath, Manifest } from "../../model.ts";
import { objectPath, type PodTemplate, podTemplatesOf } from "../pod-security/pod-templates.ts";
import { asFields, asList, containersOf, dig } from "../pod-security/pod-view.ts";

export type Protocol = "TCP" | "UDP" | "SCTP";

export interface ContainerPort {
  container: string;
  name: string | undefined;
  port: number;
  protocol: Protocol;
}

/** Anything traffic can reach: a workload of the repository, or a well-known pod elsewhere. */
export interface Endpoint {
  namespace: string;
  labels: Labels;
  ports: readonly ContainerPort[];
}

export interface ProbePort {
  container: string;
  /** Such as "readinessProbe". */
  probe: string;
  port: number;
  /** Path of the probe's port field in the object. */
  path: FieldPath;
}

export interface Workload extends Endpoint {
  template: PodTemplate;
  manifest: Manifest;
  /** "Deployment demo-app", for messages. */
  title: string;
  probePorts: readonly ProbePort[];
}

export function protocolOf(value: unknown): Protocol {
  return value === "UDP" || value === "SCTP" ? value : "TCP";
}

function labelsOf(value: unknown): Labels {
  const fields = asFields(value) ?? {};
  return Object.fromEntries(Object.entries(fields).map(([key, v]) => [key, String(v)]));
}

function containerPorts(template: PodTemplate): ContainerPort[] {
  return containersOf(template.pod).flatMap((container) =>
    asList(container.fields.ports).flatMap((item) => {
      const fields = asFields(item) ?? {};
      if (typeof fields.containerPort !== "number") {
        return [];
      }
      const name = typeof fields.name === "string" ? fields.name : undefined;
      const protocol = protocolOf(fields.protocol);
      return [{ container: container.name, name, port: fields.containerPort, protocol }];
    }),
  );
}

const probes = ["livenessProbe", "readinessProbe", "startupProbe"] as const;
const probeActions = ["httpGet", "tcpSocket", "grpc"] as const;

/** Ports the kubelet connects to; a named port resolves against the container's own ports. */
function probePorts(template: PodTemplate, ports: readonly ContainerPort[]): ProbePort[] {
  const result: ProbePort[] = [];
  for (const container of containersOf(template.pod)) {
    for (const probe of probes) {
      for (const action of probeActions) {
        const port = dig(container.fields, probe, action, "port");
        const number =
          typeof port === "number"
            ? port
            : ports.find((p) => p.container === container.name && p.name === port)?.port;
        if (number !== undefined) {
          const path = objectPath(template, [...container.path, probe, action, "port"]);
          result.push({ container: container.name, probe, port: number, path });
        }
      }
    }
  }
  return result;
}

/** Pod templates of the input that name their namespace. */
export function workloadsOf(manifests: readonly Manifest[]): Workload[] {
  return podTemplatesOf(manifests).flatMap((template) => {
    if (template.namespace === undefined) {
      return [];
    }
    const ports = containerPorts(template);
    const { kind, metadata } = template.manifest.object;
    return [
      {
        template,
        manifest: template.manifest,
        title: `${kind} ${metadata.name ?? ""}`,
        namespace: template.namespace,
        labels: labelsOf(template.pod.metadata.labels),
        ports,
        probePorts: probePorts(template, ports),
      },
    ];
  });
}
