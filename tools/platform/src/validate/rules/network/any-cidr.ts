/**
 * CIDR blocks of either family, enough to check an ipBlock the way the API server does
 * (netutils.ParseCIDRSloppy: host bits allowed, IPv4 octets with leading zeros allowed).
 */

import { isIPv6 } from "node:net";
import { parseIpv4Block } from "./cidr.ts";

export interface AnyBlock {
  bits: 32 | 128;
  /** The network address, host bits cleared. */
  base: bigint;
  prefix: number;
}

function ipv6Value(address: string): bigint | undefined {
  if (!isIPv6(address) || address.includes("%")) {
    return undefined;
  }
  let text = address;
  // An embedded IPv4 tail (::ffff:10.0.0.1) stands for the last two groups.
  const tail = /(\d+\.\d+\.\d+\.\d+)$/.exec(text)?.[1];
  if (tail !== undefined) {
    const v4 = parseIpv4Block(`${tail}/32`);
    if (v4 === undefined) {
      return undefined;
    }
    const hex = v4.base.toString(16).padStart(8, "0");
    text = `${text.slice(0, -tail.length)}${hex.slice(0, 4)}:${hex.slice(4)}`;
  }
  const [head = "", rest] = text.split("::");
  const left = head === "" ? [] : head.split(":");
  const right = rest === undefined || rest === "" ? [] : rest.split(":");
  const missing = 8 - left.length - right.length;
  const groups = rest === undefined ? left : [...left, ...Array(missing).fill("0"), ...right];
  return groups.reduce((value, group) => (value << 16n) | BigInt(`0x${group}`), 0n);
}

/** "10.0.0.0/8" or "fd00::/8" -> block; anything else -> undefined. */
export function parseAnyBlock(text: string): AnyBlock | undefined {
  if (!text.includes(":")) {
    const v4 = parseIpv4Block(text);
    return v4 === undefined ? undefined : { bits: 32, base: BigInt(v4.base), prefix: v4.prefix };
  }
  const [address = "", prefixText, ...rest] = text.split("/");
  const value = ipv6Value(address);
  if (value === undefined || prefixText === undefined || rest.length > 0) {
    return undefined;
  }
  const prefix = Number(prefixText);
  if (!/^\d{1,3}$/.test(prefixText) || prefix > 128) {
    return undefined;
  }
  const hostBits = BigInt(128 - prefix);
  return { bits: 128, base: (value >> hostBits) << hostBits, prefix };
}

/** Whether `outer` contains all of `inner`; blocks of different families never do. */
export function anyBlockContains(outer: AnyBlock, inner: AnyBlock): boolean {
  if (outer.bits !== inner.bits || inner.prefix < outer.prefix) {
    return false;
  }
  const hostBits = BigInt(outer.bits - outer.prefix);
  return inner.base >> hostBits === outer.base >> hostBits;
}
