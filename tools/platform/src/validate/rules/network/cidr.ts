/** IPv4 CIDR arithmetic, enough to tell whether an ipBlock admits an address or a block. */

export interface Ipv4Block {
  /** The network address as an unsigned 32-bit number. */
  base: number;
  prefix: number;
}

function parseAddress(text: string): number | undefined {
  const parts = text.split(".");
  if (parts.length !== 4) {
    return undefined;
  }
  let value = 0;
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part) || Number(part) > 255) {
      return undefined;
    }
    value = value * 256 + Number(part);
  }
  return value;
}

function maskOf(prefix: number): number {
  return prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
}

/** "10.0.0.0/8" -> block; IPv6 or malformed text -> undefined. */
export function parseIpv4Block(text: string): Ipv4Block | undefined {
  const [address, prefixText, ...rest] = text.split("/");
  if (address === undefined || prefixText === undefined || rest.length > 0) {
    return undefined;
  }
  const base = parseAddress(address);
  const prefix = Number(prefixText);
  if (base === undefined || !/^\d{1,2}$/.test(prefixText) || prefix > 32) {
    return undefined;
  }
  return { base: (base & maskOf(prefix)) >>> 0, prefix };
}

/** Whether `outer` contains all of `inner` (a single address is a /32). */
export function blockContains(outer: Ipv4Block, inner: Ipv4Block): boolean {
  if (inner.prefix < outer.prefix) {
    return false;
  }
  return (inner.base & maskOf(outer.prefix)) >>> 0 === outer.base;
}

/** Whether two blocks share at least one address. */
export function blocksOverlap(a: Ipv4Block, b: Ipv4Block): boolean {
  return blockContains(a, b) || blockContains(b, a);
}
