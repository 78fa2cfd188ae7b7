/**
 * NetworkPolicy objects read into the shape their semantics need (networking.k8s.io/v1):
 * an empty or missing `from`/`to` admits every peer, an empty or missing `ports` every port;
 * policyTypes defaults to Ingress, plus Egress when the policy has egress rules.
 */

import { parseLabelSelector, type Selector } from "../../../kubernetes/label-selector.ts";
import type { FieldPath, Manifest } from "../../model.ts";
import { asFields, asList } from "../pod-security/pod-view.ts";
import { type Ipv4Block, parseIpv4Block } from "./cidr.ts";
import { type Protocol, protocolOf } from "./endpoints.ts";
import { type Refusal, refusalsOf } from "./policy-refusals.ts";

export interface IpBlock {
  cidr: string;
  /** Undefined for IPv6 or malformed blocks. */
  block: Ipv4Block | undefined;
  except: readonly Ipv4Block[];
}

export interface Peer {
  /** Missing in a peer with a namespaceSelector means every pod of those namespaces. */
  pods: Selector | undefined;
  /** Missing means the policy's own namespace. */
  namespaces: Selector | undefined;
  ipBlock: IpBlock | undefined;
  path: FieldPath;
  /** The peer as written, for comparing two peers. */
  key: string;
}

export interface PolicyPort {
  protocol: Protocol;
  /** Missing means every port. */
  port: number | string | undefined;
  endPort: number | undefined;
  path: FieldPath;
}

export interface PolicyRule {
  /** Undefined: every peer. */
  peers: readonly Peer[] | undefined;
  /** Undefined: every port. */
  ports: readonly PolicyPort[] | undefined;
  path: FieldPath;
}

export interface Policy {
  manifest: Manifest;
  name: string;
  namespace: string;
  podSelector: Selector;
  ingressType: boolean;
  egressType: boolean;
  ingress: readonly PolicyRule[];
  egress: readonly PolicyRule[];
}

/** A selector the API server would refuse, found while reading. */
export interface SelectorProblem {
  manifest: Manifest;
  path: FieldPath;
  message: string;
}

/** What the API server would refuse in one policy. */
export interface PolicyRefusal extends Refusal {
  manifest: Manifest;
}

/** JSON with sorted keys, so two peers written in a different order compare equal. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) {
    return `[${value.map(canonical).join(",")}]`;
  }
  const fields = asFields(value);
  if (fields !== undefined) {
    const keys = Object.keys(fields).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonical(fields[k])}`).join(",")}}`;
  }
  return JSON.stringify(value ?? null);
}

class Reader {
  readonly problems: SelectorProblem[] = [];
  readonly manifest: Manifest;

  constructor(manifest: Manifest) {
    this.manifest = manifest;
  }

  selector(value: unknown, path: FieldPath): Selector | undefined {
    if (value === undefined || value === null) {
      return undefined;
    }
    const parsed = parseLabelSelector(value);
    if (!parsed.ok) {
      this.problems.push({ manifest: this.manifest, path, message: parsed.message });
      return undefined;
    }
    return parsed.selector;
  }

  peer(value: unknown, path: FieldPath): Peer {
    const fields = asFields(value) ?? {};
    const ip = asFields(fields.ipBlock);
    const cidr = typeof ip?.cidr === "string" ? ip.cidr : "";
    const except = asList(ip?.except).flatMap((e) => parseIpv4Block(String(e)) ?? []);
    return {
      pods: this.selector(fields.podSelector, [...path, "podSelector"]),
      namespaces: this.selector(fields.namespaceSelector, [...path, "namespaceSelector"]),
      ipBlock: ip === undefined ? undefined : { cidr, block: parseIpv4Block(cidr), except },
      path,
      key: canonical(fields),
    };
  }

  port(value: unknown, path: FieldPath): PolicyPort {
    const fields = asFields(value) ?? {};
    const port = fields.port;
    return {
      protocol: protocolOf(fields.protocol),
      port: typeof port === "number" || typeof port === "string" ? port : undefined,
      endPort: typeof fields.endPort === "number" ? fields.endPort : undefined,
      path,
    };
  }

  rules(value: unknown, path: FieldPath, peerKey: "from" | "to"): PolicyRule[] {
    return asList(value).map((item, index) => {
      const fields = asFields(item) ?? {};
      const rulePath = [...path, index];
      const peers = asList(fields[peerKey]);
      const ports = asList(fields.ports);
      return {
        peers:
          peers.length === 0
            ? undefined
            : peers.map((p, i) => this.peer(p, [...rulePath, peerKey, i])),
        ports:
          ports.length === 0
            ? undefined
            : ports.map((p, i) => this.port(p, [...rulePath, "ports", i])),
        path: rulePath,
      };
    });
  }
}

function readPolicy(manifest: Manifest, reader: Reader): Policy | undefined {
  const { metadata } = manifest.object;
  if (metadata.namespace === undefined) {
    return undefined;
  }
  const spec = asFields(manifest.object.spec) ?? {};
  const types = asList(spec.policyTypes);
  const egress = reader.rules(spec.egress, ["spec", "egress"], "to");

  return {
    manifest,
    name: metadata.name ?? "",
    namespace: metadata.namespace,
    podSelector: reader.selector(spec.podSelector, ["spec", "podSelector"]) ?? {
      requirements: [],
    },
    ingressType: types.length === 0 || types.includes("Ingress"),
    egressType: types.length === 0 ? egress.length > 0 : types.includes("Egress"),
    ingress: reader.rules(spec.ingress, ["spec", "ingress"], "from"),
    egress,
  };
}

export function isNetworkPolicy(manifest: Manifest): boolean {
  const { apiVersion, kind } = manifest.object;
  return apiVersion === "networking.k8s.io/v1" && kind === "NetworkPolicy";
}

/**
 * The policies the API server would accept, and what it would refuse: a refused policy (a bad
 * selector, port, peer or ipBlock) never reaches the cluster, so it is left out of the view.
 */
export function policiesOf(manifests: readonly Manifest[]): {
  policies: Policy[];
  problems: SelectorProblem[];
  refusals: PolicyRefusal[];
} {
  const policies: Policy[] = [];
  const problems: SelectorProblem[] = [];
  const refusals: PolicyRefusal[] = [];
  for (const manifest of manifests.filter(isNetworkPolicy)) {
    const reader = new Reader(manifest);
    const policy = readPolicy(manifest, reader);
    const refused = refusalsOf(manifest.object.spec).map((r) => ({ manifest, ...r }));
    if (policy !== undefined && refused.length === 0 && reader.problems.length === 0) {
      policies.push(policy);
    }
    problems.push(...reader.problems);
    refusals.push(...refused);
  }
  return { policies, problems, refusals };
}
