import { describe, expect, it } from "vitest";
import { manifestOf } from "../../test-support/manifests.ts";
import { parseIpv4Block } from "./cidr.ts";
import type { Endpoint } from "./endpoints.ts";
import { buildView } from "./network-view.ts";
import { peerCovers } from "./peer-coverage.ts";
import { egressAdmits, ingressAdmits, type Party } from "./reachability.ts";

function policy(name: string, namespace: string, spec: object) {
  return manifestOf({
    apiVersion: "networking.k8s.io/v1",
    kind: "NetworkPolicy",
    metadata: { name, namespace },
    spec,
  });
}

function namespace(name: string, labels: Record<string, string> = {}) {
  return manifestOf({ apiVersion: "v1", kind: "Namespace", metadata: { name, labels } });
}

const web: Endpoint = {
  namespace: "shop",
  labels: { app: "web" },
  ports: [
    { container: "web", name: "http", port: 8080, protocol: "TCP" },
    { container: "web", name: "dns", port: 5353, protocol: "UDP" },
  ],
};

function pod(namespace: string, labels: Record<string, string>): Party {
  return { kind: "pod", endpoint: { namespace, labels, ports: [] } };
}

function ip(cidr: string): Party {
  return { kind: "ip", block: parseIpv4Block(cidr) ?? { base: 0, prefix: 32 } };
}

describe("NetworkPolicy semantics", () => {
  it("admits everything to a pod no policy selects", () => {
    const view = buildView([policy("other", "elsewhere", { podSelector: {} })]);
    expect(ingressAdmits(view, web, pod("x", {}), 1, "TCP")).toBe(true);
  });

  it("admits the union of the policies that select a pod", () => {
    const view = buildView([
      policy("a", "shop", {
        podSelector: { matchLabels: { app: "web" } },
        ingress: [
          { from: [{ podSelector: { matchLabels: { role: "a" } } }], ports: [{ port: 8080 }] },
        ],
      }),
      policy("b", "shop", {
        podSelector: {},
        ingress: [
          { from: [{ podSelector: { matchLabels: { role: "b" } } }], ports: [{ port: 9090 }] },
        ],
      }),
    ]);

    expect(ingressAdmits(view, web, pod("shop", { role: "a" }), 8080, "TCP")).toBe(true);
    expect(ingressAdmits(view, web, pod("shop", { role: "b" }), 9090, "TCP")).toBe(true);
    expect(ingressAdmits(view, web, pod("shop", { role: "a" }), 9090, "TCP")).toBe(false);
    expect(ingressAdmits(view, web, pod("other", { role: "a" }), 8080, "TCP")).toBe(false);
  });

  it("reads a port without protocol as TCP, resolves names on the pod, and honours endPort", () => {
    const view = buildView([
      policy("p", "shop", {
        podSelector: {},
        ingress: [{ ports: [{ port: "http" }, { port: 5353 }, { port: 9000, endPort: 9100 }] }],
      }),
    ]);

    expect(ingressAdmits(view, web, pod("x", {}), 8080, "TCP")).toBe(true);
    expect(ingressAdmits(view, web, pod("x", {}), 5353, "UDP")).toBe(false);
    expect(ingressAdmits(view, web, pod("x", {}), 9050, "TCP")).toBe(true);
    expect(ingressAdmits(view, web, pod("x", {}), 9101, "TCP")).toBe(false);
  });

  it("ANDs the selectors of one peer; a lone podSelector means the policy's namespace", () => {
    const view = buildView([
      namespace("monitoring", { team: "obs" }),
      policy("p", "shop", {
        podSelector: {},
        ingress: [
          {
            from: [
              {
                namespaceSelector: { matchLabels: { team: "obs" } },
                podSelector: { matchLabels: { app: "prometheus" } },
              },
              { podSelector: { matchLabels: { app: "client" } } },
            ],
          },
        ],
      }),
    ]);

    expect(ingressAdmits(view, web, pod("monitoring", { app: "prometheus" }), 1, "TCP")).toBe(true);
    expect(ingressAdmits(view, web, pod("monitoring", { app: "grafana" }), 1, "TCP")).toBe(false);
    expect(ingressAdmits(view, web, pod("shop", { app: "client" }), 1, "TCP")).toBe(true);
    expect(ingressAdmits(view, web, pod("other", { app: "client" }), 1, "TCP")).toBe(false);
  });

  it("admits addresses inside an ipBlock but not in its except list", () => {
    const view = buildView([
      policy("p", "shop", {
        podSelector: {},
        ingress: [{ from: [{ ipBlock: { cidr: "169.254.0.0/16", except: ["169.254.7.0/24"] } }] }],
      }),
    ]);

    expect(ingressAdmits(view, web, ip("169.254.1.1/32"), 8080, "TCP")).toBe(true);
    expect(ingressAdmits(view, web, ip("169.254.7.127/32"), 8080, "TCP")).toBe(false);
  });

  it("isolates egress only if Egress is a policy type, written or implied by egress rules", () => {
    const dns: Endpoint = {
      namespace: "kube-system",
      labels: { "k8s-app": "kube-dns" },
      ports: [],
    };
    const ingressOnly = buildView([policy("p", "shop", { podSelector: {}, ingress: [] })]);
    const implied = buildView([
      policy("p", "shop", { podSelector: {}, egress: [{ ports: [{ port: 443 }] }] }),
    ]);

    expect(egressAdmits(ingressOnly, web, dns, 53, "UDP")).toBe(true);
    expect(egressAdmits(implied, web, dns, 53, "UDP")).toBe(false);
    expect(egressAdmits(implied, web, dns, 443, "TCP")).toBe(true);
  });

  // Cases after the upstream e2e suite (k8s.io/kubernetes test/e2e/network/netpol).
  it("admits an address excepted by one policy when another admits it", () => {
    const view = buildView([
      policy("a", "shop", {
        podSelector: {},
        ingress: [{ from: [{ ipBlock: { cidr: "10.1.0.0/16", except: ["10.1.2.3/32"] } }] }],
      }),
      policy("b", "shop", {
        podSelector: {},
        ingress: [{ from: [{ ipBlock: { cidr: "10.1.2.3/32" } }] }],
      }),
    ]);
    expect(ingressAdmits(view, web, ip("10.1.2.3/32"), 8080, "TCP")).toBe(true);
  });

  it("keeps TCP, UDP and SCTP apart; a rule with a protocol alone admits its every port", () => {
    const view = buildView([
      policy("sctp", "shop", {
        podSelector: {},
        ingress: [{ ports: [{ port: 8080, protocol: "SCTP" }] }],
      }),
      policy("tcp", "shop", { podSelector: {}, ingress: [{ ports: [{ protocol: "TCP" }] }] }),
    ]);
    const client = pod("shop", {});
    expect(ingressAdmits(view, web, client, 81, "TCP")).toBe(true);
    expect(ingressAdmits(view, web, client, 8080, "SCTP")).toBe(true);
    expect(ingressAdmits(view, web, client, 81, "SCTP")).toBe(false);
    expect(ingressAdmits(view, web, client, 5353, "UDP")).toBe(false);
  });

  it("resolves a named egress port on the destination pod", () => {
    const view = buildView([
      policy("p", "shop", { podSelector: {}, egress: [{ ports: [{ port: "http" }] }] }),
    ]);
    const server: Endpoint = {
      namespace: "x",
      labels: {},
      ports: [{ container: "s", name: "http", port: 80, protocol: "TCP" }],
    };
    expect(egressAdmits(view, web, server, 80, "TCP")).toBe(true);
    expect(egressAdmits(view, web, server, 8080, "TCP")).toBe(false);
  });

  it("ignores ingress rules of an Egress-only policy, and defaults an empty policyTypes", () => {
    const egressOnly = buildView([
      policy("p", "shop", { podSelector: {}, policyTypes: ["Egress"], ingress: [{}] }),
    ]);
    const emptyTypes = buildView([
      policy("p", "shop", { podSelector: {}, policyTypes: [], ingress: [] }),
    ]);
    expect(ingressAdmits(egressOnly, web, pod("x", {}), 8080, "TCP")).toBe(true);
    expect(ingressAdmits(emptyTypes, web, pod("x", {}), 8080, "TCP")).toBe(false);
  });

  it("reads podSelector {} in a peer as the policy's namespace, and matches NotIn", () => {
    const view = buildView([
      namespace("dev", { env: "dev" }),
      namespace("prod", { env: "prod" }),
      policy("same", "shop", { podSelector: {}, ingress: [{ from: [{ podSelector: {} }] }] }),
      policy("not-dev", "shop", {
        podSelector: {},
        ingress: [
          {
            from: [
              {
                namespaceSelector: {
                  matchExpressions: [{ key: "env", operator: "NotIn", values: ["dev"] }],
                },
              },
            ],
            ports: [{ port: 8080 }],
          },
        ],
      }),
    ]);
    expect(ingressAdmits(view, web, pod("shop", {}), 9999, "TCP")).toBe(true);
    expect(ingressAdmits(view, web, pod("prod", {}), 8080, "TCP")).toBe(true);
    expect(ingressAdmits(view, web, pod("dev", {}), 8080, "TCP")).toBe(false);
    expect(ingressAdmits(view, web, pod("prod", {}), 9999, "TCP")).toBe(false);
  });

  it("knows when one peer admits everything another does", () => {
    const view = buildView([
      policy("p", "shop", {
        podSelector: {},
        ingress: [
          {
            from: [
              { ipBlock: { cidr: "10.0.0.0/8" } },
              { ipBlock: { cidr: "10.1.0.0/16" } },
              { podSelector: { matchLabels: { app: "web" } } },
            ],
          },
        ],
      }),
    ]);
    const [p] = view.policies;
    const peers = p?.ingress[0]?.peers ?? [];
    const at = (i: number) => ({ peer: peers[i] ?? peers[0]!, policy: p! });

    expect(peerCovers(view, at(0), at(1))).toBe(true);
    expect(peerCovers(view, at(1), at(0))).toBe(false);
    expect(peerCovers(view, at(2), at(2))).toBe(true);
  });
});
