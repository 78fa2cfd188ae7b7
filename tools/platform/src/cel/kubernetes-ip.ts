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

// The Kubernetes IP library (k8s.io/apiserver/pkg/cel/library/ip.go) over go-netip.ts.

const { BOOL, DYN, INT, STRING } = CelScalar;
const MAP = mapType(DYN, DYN);

/** @bufbuild/cel recognises its maps by this registered symbol (isCelMap). */
const CEL_MAP: unique symbol = Symbol.for("@bufbuild/cel/map") as never;
const IP_KEY = "@ip";

/** An IP address as a CEL value, posing as a one-entry map of its canonical text. */
class IpAddress {
  readonly addr: netip.Addr;
  readonly text: string;
  readonly [CEL_MAP] = {};

  constructor(addr: netip.Addr) {
    this.addr = addr;
    this.text = netip.formatAddr(addr);
  }

  get size(): number {
    return 1;
  }

  get(key: unknown): CelValue | undefined {
    return key === IP_KEY ? this.text : undefined;
  }

  has(key: unknown): boolean {
    return key === IP_KEY;
  }

  *entries(): IterableIterator<[string, CelValue]> {
    yield [IP_KEY, this.text];
  }

  *keys(): IterableIterator<string> {
    yield IP_KEY;
  }

  *values(): IterableIterator<CelValue> {
    yield this.text;
  }

  forEach(callback: (value: CelValue, key: string, map: unknown) => void): void {
    callback(this.text, IP_KEY, this);
  }

  [Symbol.iterator](): IterableIterator<[string, CelValue]> {
    return this.entries();
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
    return netip.formatAddr(addrOf(value as unknown as CelValue));
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
