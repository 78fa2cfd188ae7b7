import { describe, expect, it } from "vitest";
import { refusalsOf } from "./policy-refusals.ts";

/** The fields refused in a spec with one ingress rule made of `rule`. */
function refusedFields(rule: unknown): string[] {
  return refusalsOf({ podSelector: {}, ingress: [rule] })
    .filter((r) => r.schemaReports !== true)
    .map((r) => r.path.join("."));
}

const cidrField = "spec.ingress.0.from.0.ipBlock.cidr";
const exceptField = "spec.ingress.0.from.0.ipBlock.except.0";

// Cases after k8s.io/kubernetes pkg/apis/networking/validation/validation_test.go
// (TestValidateNetworkPolicy): what the API server accepts and what it refuses.
describe("NetworkPolicy refusals", () => {
  it.each([
    ["a numeric range", { ports: [{ port: 30000, endPort: 32768 }] }],
    ["a range of one port", { ports: [{ port: 80, endPort: 80 }] }],
    ["a named port", { ports: [{ port: "http", protocol: "SCTP" }] }],
    ["a protocol alone", { ports: [{ protocol: "UDP" }] }],
    [
      "namespace and pod selector in one peer",
      { from: [{ namespaceSelector: {}, podSelector: {} }] },
    ],
    [
      "an ipBlock with a strict subset",
      { from: [{ ipBlock: { cidr: "192.168.0.0/16", except: ["192.168.3.0/24"] } }] },
    ],
    ["host bits in the cidr (legacy form)", { from: [{ ipBlock: { cidr: "10.0.0.1/8" } }] }],
    [
      "an IPv6 block with an IPv4 tail",
      { from: [{ ipBlock: { cidr: "::ffff:10.0.0.0/104", except: ["::ffff:10.1.0.0/112"] } }] },
    ],
    [
      "an IPv6 block",
      { from: [{ ipBlock: { cidr: "fd00:192:168::/48", except: ["fd00:192:168:3::/64"] } }] },
    ],
  ])("accepts %s", (_name, rule) => {
    expect(refusedFields(rule)).toEqual([]);
  });

  it.each([
    ["endPort without port", { ports: [{ endPort: 32768 }] }, ["spec.ingress.0.ports.0.endPort"]],
    [
      "endPort below port",
      { ports: [{ port: 32768, endPort: 30000 }] },
      ["spec.ingress.0.ports.0.endPort"],
    ],
    [
      "endPort with a named port",
      { ports: [{ port: "http", endPort: 80 }] },
      ["spec.ingress.0.ports.0.endPort"],
    ],
    [
      "endPort above 65535",
      { ports: [{ port: 80, endPort: 65536 }] },
      ["spec.ingress.0.ports.0.endPort"],
    ],
    ["port 0", { ports: [{ port: 0 }] }, ["spec.ingress.0.ports.0.port"]],
    ["a port name without letters", { ports: [{ port: "80" }] }, ["spec.ingress.0.ports.0.port"]],
    [
      "a port name over 15 characters",
      { ports: [{ port: "a-very-long-name-x" }] },
      ["spec.ingress.0.ports.0.port"],
    ],
    [
      "a lower-case protocol",
      { ports: [{ protocol: "tcp" }] },
      ["spec.ingress.0.ports.0.protocol"],
    ],
    ["an empty peer", { from: [{}] }, ["spec.ingress.0.from.0"]],
    ["an ipBlock of null only", { from: [{ ipBlock: null }] }, ["spec.ingress.0.from.0"]],
    [
      "ipBlock with a namespaceSelector",
      { from: [{ ipBlock: { cidr: "10.0.0.0/8" }, namespaceSelector: {} }] },
      ["spec.ingress.0.from.0"],
    ],
    [
      "an empty cidr",
      { from: [{ ipBlock: { cidr: "" } }] },
      ["spec.ingress.0.from.0.ipBlock.cidr"],
    ],
    [
      "an invalid cidr",
      { from: [{ ipBlock: { cidr: "192.168.5.6" } }] },
      ["spec.ingress.0.from.0.ipBlock.cidr"],
    ],
    [
      "an except outside cidr",
      { from: [{ ipBlock: { cidr: "192.168.8.0/24", except: ["192.168.9.1/24"] } }] },
      ["spec.ingress.0.from.0.ipBlock.except.0"],
    ],
    [
      "an except equal to cidr",
      { from: [{ ipBlock: { cidr: "192.168.0.0/24", except: ["192.168.0.0/24"] } }] },
      ["spec.ingress.0.from.0.ipBlock.except.0"],
    ],
    ["an invalid IPv6 cidr", { from: [{ ipBlock: { cidr: "fd00::1::/64" } }] }, [cidrField]],
    ["an IPv6 prefix over 128", { from: [{ ipBlock: { cidr: "fd00::/129" } }] }, [cidrField]],
    [
      "an IPv6 except outside cidr",
      { from: [{ ipBlock: { cidr: "fd00:192:168::/48", except: ["fd00:192:169::/64"] } }] },
      [exceptField],
    ],
    [
      "an IPv4 except in an IPv6 cidr",
      { from: [{ ipBlock: { cidr: "fd00::/8", except: ["10.0.0.0/8"] } }] },
      [exceptField],
    ],
    [
      "an IPv6 except in an IPv4 cidr",
      { from: [{ ipBlock: { cidr: "10.0.0.0/8", except: ["fd00::/64"] } }] },
      ["spec.ingress.0.from.0.ipBlock.except.0"],
    ],
  ])("refuses %s", (_name, rule, fields) => {
    expect(refusedFields(rule)).toEqual(fields);
  });

  it("refuses an unknown policy type and more than two types", () => {
    const unknown = refusalsOf({ podSelector: {}, policyTypes: ["Ingress", "Foo"] });
    expect(unknown.map((r) => r.message)).toEqual([
      'spec.policyTypes[1]: expected Ingress or Egress, found "Foo"',
    ]);
    const many = refusalsOf({ podSelector: {}, policyTypes: ["Ingress", "Egress", "Ingress"] });
    expect(many.map((r) => r.path.join("."))).toEqual(["spec.policyTypes"]);
  });

  it("checks egress peers under `to`", () => {
    const found = refusalsOf({ podSelector: {}, egress: [{ to: [{}] }] });
    expect(found.map((r) => r.path.join("."))).toEqual(["spec.egress.0.to.0"]);
  });

  it.each([
    ["a peer that is no object", { from: ["a", null] }],
    ["a cidr that is no string", { from: [{ ipBlock: { cidr: 5 } }] }],
    ["a missing cidr", { from: [{ ipBlock: { except: ["10.0.0.0/8"] } }] }],
    ["a fractional port", { ports: [{ port: 1.5 }] }],
  ])("leaves %s to the schema rule, and the policy out", (_name, rule) => {
    expect(refusedFields(rule)).toEqual([]);
    expect(refusalsOf({ podSelector: {}, ingress: [rule] }).length).toBeGreaterThan(0);
  });
});
