/**
 * What the API server refuses in a NetworkPolicy beyond its schema (k8s.io/kubernetes,
 * pkg/apis/networking/validation/validation.go: ValidateNetworkPolicyPort, ...Peer, IPBlock and
 * the policyTypes check). A refused policy never reaches the cluster, so it must be reported and
 * left out of the evaluation rather than read as if it were enforced.
 */

import type { FieldPath } from "../../model.ts";
import { asFields, asList } from "../pod-security/pod-view.ts";
import { anyBlockContains, parseAnyBlock } from "./any-cidr.ts";

export interface Refusal {
  path: FieldPath;
  message: string;
  /** A value of the wrong type: the schema rule reports it; the policy is still left out. */
  schemaReports?: true;
}

/** "spec.ingress[0].ports[1].endPort", the way the API server names the field. */
export function describePath(path: FieldPath): string {
  return path
    .map((part, i) => (typeof part === "number" ? `[${part}]` : i === 0 ? part : `.${part}`))
    .join("");
}

/** `found` is the value as written; `described` words what was found instead of quoting it. */
function refusal(path: FieldPath, expected: string, found: unknown, described = false): Refusal {
  const shown = typeof found === "string" && !described ? JSON.stringify(found) : String(found);
  return { path, message: `${describePath(path)}: expected ${expected}, found ${shown}` };
}

/** A refusal the schema rule already reports (a wrong type or a missing required field). */
function wrongShape(path: FieldPath, what: string): Refusal {
  return { path, message: `${describePath(path)}: ${what}`, schemaReports: true };
}

function isPortNumber(value: number): boolean {
  return Number.isInteger(value) && value >= 1 && value <= 65535;
}

/**
 * IsValidPortName (apimachinery validation.go): at most 15 characters, lower-case letters,
 * digits and single inner hyphens, at least one letter.
 */
function isPortName(name: string): boolean {
  return name.length <= 15 && /^[a-z0-9]+(-[a-z0-9]+)*$/.test(name) && /[a-z]/.test(name);
}

function portRefusals(value: unknown, path: FieldPath): Refusal[] {
  const fields = asFields(value) ?? {};
  const { port, endPort, protocol } = fields;
  const found: Refusal[] = [];
  const endPath = [...path, "endPort"];

  if (protocol !== undefined && protocol !== "TCP" && protocol !== "UDP" && protocol !== "SCTP") {
    found.push(refusal([...path, "protocol"], "TCP, UDP or SCTP", protocol));
  }
  if (port === undefined || port === null) {
    if (endPort !== undefined && endPort !== null) {
      found.push(refusal(endPath, "no endPort without a port", endPort));
    }
    return found;
  }
  if (typeof port === "string") {
    if (!isPortName(port)) {
      found.push(refusal([...path, "port"], "a port number or a valid port name", port));
    }
    if (endPort !== undefined && endPort !== null) {
      found.push(refusal(endPath, "no endPort with a named port", endPort));
    }
    return found;
  }
  if (typeof port === "number" && !Number.isInteger(port)) {
    return [...found, wrongShape([...path, "port"], "expected an integer")];
  }
  if (typeof port === "number" && !isPortNumber(port)) {
    found.push(refusal([...path, "port"], "a port number from 1 to 65535", port));
  }
  if (typeof port === "number" && typeof endPort === "number") {
    if (endPort < port) {
      found.push(refusal(endPath, `a number at least port ${port}`, endPort));
    } else if (!isPortNumber(endPort)) {
      found.push(refusal(endPath, "a port number from 1 to 65535", endPort));
    }
  }
  return found;
}

function ipBlockRefusals(value: unknown, path: FieldPath): Refusal[] {
  const fields = asFields(value) ?? {};
  if (typeof fields.cidr !== "string") {
    return [wrongShape([...path, "cidr"], "expected a string")];
  }
  const cidr = fields.cidr;
  const block = parseAnyBlock(cidr);
  if (block === undefined) {
    return [refusal([...path, "cidr"], "a CIDR such as 10.0.0.0/8 or fd00::/8", cidr)];
  }

  return asList(fields.except).flatMap((item, i): Refusal[] => {
    const text = String(item);
    const exceptPath = [...path, "except", i];
    const except = parseAnyBlock(text);
    if (except === undefined) {
      return [refusal(exceptPath, "a CIDR such as 10.0.0.0/24 or fd00::/64", text)];
    }
    // A strict subset: inside cidr and with a longer prefix (equal blocks are refused).
    if (!anyBlockContains(block, except) || except.prefix <= block.prefix) {
      return [refusal(exceptPath, `a strict subset of cidr ${cidr}`, text)];
    }
    return [];
  });
}

function peerRefusals(value: unknown, path: FieldPath): Refusal[] {
  const fields = asFields(value);
  if (fields === undefined) {
    return [wrongShape(path, "expected an object")];
  }
  const present = (key: string) => fields[key] !== undefined && fields[key] !== null;
  const count = ["podSelector", "namespaceSelector", "ipBlock"].filter(present).length;

  if (count === 0) {
    return [refusal(path, "podSelector, namespaceSelector or ipBlock", "none", true)];
  }
  if (!present("ipBlock")) {
    return [];
  }
  const found = ipBlockRefusals(fields.ipBlock, [...path, "ipBlock"]);
  if (count > 1) {
    found.unshift(refusal(path, "ipBlock alone", "a selector beside it", true));
  }
  return found;
}

function ruleRefusals(value: unknown, path: FieldPath, peerKey: "from" | "to"): Refusal[] {
  return asList(value).flatMap((item, index) => {
    const fields = asFields(item) ?? {};
    const rulePath = [...path, index];
    return [
      ...asList(fields.ports).flatMap((p, i) => portRefusals(p, [...rulePath, "ports", i])),
      ...asList(fields[peerKey]).flatMap((p, i) => peerRefusals(p, [...rulePath, peerKey, i])),
    ];
  });
}

/** Every reason the API server would refuse this NetworkPolicy spec, in field order. */
export function refusalsOf(specValue: unknown): Refusal[] {
  const spec = asFields(specValue) ?? {};
  const types = asList(spec.policyTypes);
  const typeRefusals = types.flatMap((type, i) =>
    type === "Ingress" || type === "Egress"
      ? []
      : [refusal(["spec", "policyTypes", i], "Ingress or Egress", type)],
  );
  if (types.length > 2) {
    typeRefusals.push(refusal(["spec", "policyTypes"], "at most two types", types.length));
  }
  return [
    ...typeRefusals,
    ...ruleRefusals(spec.ingress, ["spec", "ingress"], "from"),
    ...ruleRefusals(spec.egress, ["spec", "egress"], "to"),
  ];
}
