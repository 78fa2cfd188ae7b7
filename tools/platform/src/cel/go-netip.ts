// Go's netip.ParseAddr and Addr methods as the Kubernetes IP library uses them
// (k8s.io/apiserver/pkg/cel/library/ip.go): dotted IPv4 without leading zeros, IPv6 with at
// most one "::" and an optional dotted tail, canonical text per RFC 5952 as Addr.String gives.

export interface Addr {
  family: 4 | 6;
  /** 4 or 16 bytes. */
  bytes: number[];
  zone: string;
}

export function parseAddr(text: string): Addr {
  if (!text.includes(":")) {
    return { family: 4, bytes: parseIPv4(text), zone: "" };
  }
  const percent = text.indexOf("%");
  const zone = percent < 0 ? "" : text.slice(percent + 1);
  if (percent >= 0 && zone === "") {
    throw new Error("zone must be a non-empty string");
  }
  return { family: 6, bytes: parseIPv6(percent < 0 ? text : text.slice(0, percent)), zone };
}

function parseIPv4(text: string): number[] {
  const fields = text.split(".");
  if (fields.length !== 4) {
    throw new Error("IPv4 address too short or too long");
  }
  return fields.map((field) => {
    if (!/^[0-9]{1,3}$/.test(field)) {
      throw new Error(`unexpected character in IPv4 field "${field}"`);
    }
    if (field.length > 1 && field.startsWith("0")) {
      throw new Error("IPv4 field has octet with leading zero");
    }
    const value = Number(field);
    if (value > 255) {
      throw new Error("IPv4 field has value >255");
    }
    return value;
  });
}

function parseIPv6(text: string): number[] {
  const halves = text.split("::");
  if (halves.length > 2) {
    throw new Error("multiple :: in address");
  }
  const groups = (half: string): number[] => {
    if (half === "") {
      return [];
    }
    const parts = half.split(":");
    const bytes: number[] = [];
    parts.forEach((part, i) => {
      if (i === parts.length - 1 && part.includes(".")) {
        bytes.push(...parseIPv4(part));
        return;
      }
      if (!/^[0-9A-Fa-f]{1,4}$/.test(part)) {
        throw new Error("each colon-separated field must have at least one digit and at most 4");
      }
      const value = Number.parseInt(part, 16);
      bytes.push(value >> 8, value & 0xff);
    });
    return bytes;
  };
  const head = groups(halves[0] ?? "");
  const tail = halves.length === 2 ? groups(halves[1] ?? "") : [];
  if (halves.length === 1) {
    if (head.length !== 16) {
      throw new Error("address string too short");
    }
    return head;
  }
  if (head.length + tail.length > 14) {
    throw new Error("address string too long");
  }
  return [...head, ...new Array(16 - head.length - tail.length).fill(0), ...tail];
}

/** Addr.Is4In6: ::ffff:a.b.c.d. */
export function is4In6(addr: Addr): boolean {
  return (
    addr.family === 6 &&
    addr.bytes.slice(0, 10).every((b) => b === 0) &&
    addr.bytes[10] === 0xff &&
    addr.bytes[11] === 0xff
  );
}

/** Addr.String: dotted IPv4; lower-case IPv6 with its longest run of 2+ zero groups cut. */
export function formatAddr(addr: Addr): string {
  if (addr.family === 4) {
    return addr.bytes.join(".");
  }
  const groups = Array.from({ length: 8 }, (_, i) => {
    return ((addr.bytes[2 * i] ?? 0) << 8) | (addr.bytes[2 * i + 1] ?? 0);
  });
  let start = -1;
  let length = 0;
  for (let i = 0; i < 8; i++) {
    let j = i;
    while (j < 8 && groups[j] === 0) {
      j++;
    }
    if (j - i >= 2 && j - i > length) {
      start = i;
      length = j - i;
    }
  }
  const hex = groups.map((group) => group.toString(16));
  const text =
    start < 0
      ? hex.join(":")
      : `${hex.slice(0, start).join(":")}::${hex.slice(start + length).join(":")}`;
  return addr.zone === "" ? text : `${text}%${addr.zone}`;
}

export function isUnspecified(addr: Addr): boolean {
  return addr.bytes.every((b) => b === 0);
}

export function isLoopback(addr: Addr): boolean {
  if (addr.family === 4) {
    return addr.bytes[0] === 127;
  }
  return addr.bytes.slice(0, 15).every((b) => b === 0) && addr.bytes[15] === 1;
}

function isMulticast(addr: Addr): boolean {
  return addr.family === 4 ? ((addr.bytes[0] ?? 0) & 0xf0) === 0xe0 : addr.bytes[0] === 0xff;
}

/** IPv4 224.0.0.0/24; IPv6 ff02::/16, the scope flags masked (Go's IsLinkLocalMulticast). */
export function isLinkLocalMulticast(addr: Addr): boolean {
  const [a = 0, b = 0, c = 0] = addr.bytes;
  return addr.family === 4 ? a === 224 && b === 0 && c === 0 : a === 0xff && (b & 0x0f) === 0x02;
}

export function isLinkLocalUnicast(addr: Addr): boolean {
  const [a = 0, b = 0] = addr.bytes;
  return addr.family === 4 ? a === 169 && b === 254 : a === 0xfe && (b & 0xc0) === 0x80;
}

export function isGlobalUnicast(addr: Addr): boolean {
  if (addr.family === 4 && addr.bytes.every((b) => b === 255)) {
    return false;
  }
  return (
    !isUnspecified(addr) && !isLoopback(addr) && !isMulticast(addr) && !isLinkLocalUnicast(addr)
  );
}

export interface Prefix {
  addr: Addr;
  bits: number;
}

/** netip.ParsePrefix: an address without zone, a slash, and a decimal length in range. */
export function parsePrefix(text: string): Prefix {
  const slash = text.lastIndexOf("/");
  if (slash < 0) {
    throw new Error(`netip.ParsePrefix("${text}"): no '/'`);
  }
  const addr = parseAddr(text.slice(0, slash));
  if (addr.zone !== "") {
    throw new Error(`netip.ParsePrefix("${text}"): IPv6 zones cannot be present in a prefix`);
  }
  const bitsText = text.slice(slash + 1);
  const bits = Number(bitsText);
  const max = addr.family === 4 ? 32 : 128;
  if (!/^(0|[1-9][0-9]*)$/.test(bitsText) || bits > max) {
    throw new Error(`netip.ParsePrefix("${text}"): bad bits after slash: "${bitsText}"`);
  }
  return { addr, bits };
}

/** Prefix.Masked: the address with every bit after the prefix cleared. */
export function maskPrefix(prefix: Prefix): Prefix {
  const bytes = prefix.addr.bytes.map((byte, i) => {
    const keep = Math.max(0, Math.min(8, prefix.bits - 8 * i));
    return byte & ((0xff << (8 - keep)) & 0xff);
  });
  return { addr: { ...prefix.addr, bytes }, bits: prefix.bits };
}

/** Prefix.Contains: same family and the same bits up to the prefix length. */
export function prefixContains(prefix: Prefix, addr: Addr): boolean {
  if (addr.family !== prefix.addr.family || addr.zone !== "") {
    return false;
  }
  const masked = maskPrefix(prefix).addr.bytes;
  const other = maskPrefix({ addr, bits: prefix.bits }).addr.bytes;
  return masked.every((byte, i) => byte === other[i]);
}

export function formatPrefix(prefix: Prefix): string {
  return `${formatAddr(prefix.addr)}/${prefix.bits}`;
}
