import {
  type CelFunc,
  type CelMap,
  CelScalar,
  type CelValue,
  celFunc,
  celMethod,
  mapType,
} from "@bufbuild/cel";
import * as netip from "./go-netip.ts";
import { HostValue } from "./host-value.ts";

// The Kubernetes IP and CIDR libraries (k8s.io/apiserver/pkg/cel/library/ip.go, cidr.go) over
// go-netip.ts.

const { BOOL, DYN, INT, STRING } = CelScalar;
const MAP = mapType(DYN, DYN);

const IP_KEY = "@ip";

/**
 * An IP address or CIDR as a CEL value, posing as a one-entry map of its text (as quantities
 * do), so == compares addresses, and prefixes by address and length.
 */
abstract class NetValue extends HostValue {
  abstract readonly text: string;

  protected readonly key = IP_KEY;

  protected identity(): CelValue | undefined {
    return this.text;
  }
}

class IpAddress extends NetValue {
  readonly addr: netip.Addr;
  readonly text: string;

  constructor(addr: netip.Addr) {
    super();
    this.addr = addr;
    this.text = netip.formatAddr(addr);
  }
}

class Cidr extends NetValue {
  readonly prefix: netip.Prefix;
  readonly text: string;

  constructor(prefix: netip.Prefix) {
    super();
    this.prefix = prefix;
    this.text = `cidr ${netip.formatPrefix(prefix)}`;
  }
}

/** Kubernetes' parseIPAddr: netip.ParseAddr without zones or IPv4-mapped IPv6 addresses. */
function parse(text: string): netip.Addr {
  let addr: netip.Addr;
  try {
    addr = netip.parseAddr(text);
  } catch (error) {
    const cause = error instanceof Error ? error.message : String(error);
    throw new Error(`IP Address "${text}" parse error during conversion from string: ${cause}`);
  }
  if (addr.zone !== "") {
    throw new Error(`IP address "${text}" with zone value is not allowed`);
  }
  if (netip.is4In6(addr)) {
    throw new Error(`IPv4-mapped IPv6 address "${text}" is not allowed`);
  }
  return addr;
}

/** Kubernetes' parseCIDR: netip.ParsePrefix without IPv4-mapped IPv6 addresses. */
function parseCidr(text: string): netip.Prefix {
  let prefix: netip.Prefix;
  try {
    prefix = netip.parsePrefix(text);
  } catch (error) {
    const cause = error instanceof Error ? error.message : String(error);
    throw new Error(`network address parse error during conversion from string: ${cause}`);
  }
  if (netip.is4In6(prefix.addr)) {
    throw new Error(`IPv4-mapped IPv6 address "${text}" is not allowed`);
  }
  return prefix;
}

function prefixOf(value: CelValue): netip.Prefix {
  if (value instanceof Cidr) {
    return value.prefix;
  }
  throw new Error("expected a CIDR");
}

function containsCidr(outer: netip.Prefix, inner: netip.Prefix): boolean {
  return outer.bits <= inner.bits && netip.prefixContains(outer, inner.addr);
}

function addrOf(value: CelValue): netip.Addr {
  if (value instanceof IpAddress) {
    return value.addr;
  }
  throw new Error("expected an IP address");
}

function test(name: string, check: (addr: netip.Addr) => boolean): CelFunc {
  return celMethod(name, MAP, [], BOOL, function (this: CelMap) {
    return check(addrOf(this));
  });
}

export const kubernetesIpFunctions: CelFunc[] = [
  celFunc("ip", [STRING], MAP, (text: string) => new IpAddress(parse(text)) as never),
  celFunc("isIP", [STRING], BOOL, (text: string) => {
    try {
      parse(text);
      return true;
    } catch {
      return false;
    }
  }),
  celFunc("ip.isCanonical", [STRING], BOOL, (text: string) => {
    return netip.formatAddr(parse(text)) === text;
  }),
  celFunc("string", [MAP], STRING, (value: CelMap) => {
    const net = value as unknown as CelValue;
    return net instanceof Cidr ? netip.formatPrefix(net.prefix) : netip.formatAddr(addrOf(net));
  }),
  celMethod("family", MAP, [], INT, function (this: CelMap) {
    return BigInt(addrOf(this).family);
  }),
  test("isUnspecified", netip.isUnspecified),
  test("isLoopback", netip.isLoopback),
  test("isLinkLocalMulticast", netip.isLinkLocalMulticast),
  test("isLinkLocalUnicast", netip.isLinkLocalUnicast),
  test("isGlobalUnicast", netip.isGlobalUnicast),
];

// The Kubernetes CIDR library (k8s.io/apiserver/pkg/cel/library/cidr.go). Its code, unlike one
// of its comments, accepts bits set after the prefix length (cidr('192.168.0.1/24')).
export const kubernetesCidrFunctions: CelFunc[] = [
  celFunc("cidr", [STRING], MAP, (text: string) => new Cidr(parseCidr(text)) as never),
  celFunc("isCIDR", [STRING], BOOL, (text: string) => {
    try {
      parseCidr(text);
      return true;
    } catch {
      return false;
    }
  }),
  celMethod("containsIP", MAP, [STRING], BOOL, function (this: CelMap, text: string) {
    return netip.prefixContains(prefixOf(this), parse(text));
  }),
  celMethod("containsIP", MAP, [MAP], BOOL, function (this: CelMap, other: CelMap) {
    return netip.prefixContains(prefixOf(this), addrOf(other as unknown as CelValue));
  }),
  celMethod("containsCIDR", MAP, [STRING], BOOL, function (this: CelMap, text: string) {
    return containsCidr(prefixOf(this), parseCidr(text));
  }),
  celMethod("containsCIDR", MAP, [MAP], BOOL, function (this: CelMap, other: CelMap) {
    return containsCidr(prefixOf(this), prefixOf(other as unknown as CelValue));
  }),
  celMethod("ip", MAP, [], MAP, function (this: CelMap) {
    return new IpAddress(prefixOf(this).addr) as never;
  }),
  celMethod("masked", MAP, [], MAP, function (this: CelMap) {
    return new Cidr(netip.maskPrefix(prefixOf(this))) as never;
  }),
  celMethod("prefixLength", MAP, [], INT, function (this: CelMap) {
    return BigInt(prefixOf(this).bits);
  }),
];
