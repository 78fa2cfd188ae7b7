/**
 * Kubernetes resource quantities (resource.Quantity) such as "250m", "1.5Gi" or "1e3", read
 * exactly: amounts are held in nano units (the finest suffix, "n") as BigInt. The grammar and
 * the rounding are resource.ParseQuantity's (k8s.io/apimachinery, pkg/api/resource/quantity.go).
 */

const NANO = 10n ** 9n;

const BINARY: Record<string, bigint> = {
  Ki: 2n ** 10n,
  Mi: 2n ** 20n,
  Gi: 2n ** 30n,
  Ti: 2n ** 40n,
  Pi: 2n ** 50n,
  Ei: 2n ** 60n,
};

const DECIMAL: Record<string, number> = {
  n: -9,
  u: -6,
  m: -3,
  "": 0,
  k: 3,
  M: 6,
  G: 9,
  T: 12,
  P: 15,
  E: 18,
};

/**
 * Sign, digits with an optional fraction, then a binary suffix, a decimal SI suffix or a
 * decimal exponent.
 */
export const QUANTITY =
  /^([+-]?)(\d+(?:\.\d*)?|\.\d+)(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE]|[eE][+-]?\d+)?$/;

/** Nano units in one whole unit: a core of CPU, a byte of memory. */
export const nanoPerUnit = NANO;

export const mebibyte = 2 ** 20;
export const gibibyte = 2 ** 30;

/** The amount of `text` in nano units, or undefined when it is not a quantity. */
export function parseQuantity(text: string): bigint | undefined {
  const match = QUANTITY.exec(text);
  if (!match) {
    return undefined;
  }

  const [, sign = "", number = "", suffix = ""] = match;
  const [whole = "", fraction = ""] = number.split(".");
  let numerator = BigInt(`${whole}${fraction}` || "0") * NANO;
  let denominator = 10n ** BigInt(fraction.length);

  const binary = BINARY[suffix];
  if (binary !== undefined) {
    numerator *= binary;
  } else {
    // "E" alone is exa; "E3" or "e3" is an exponent.
    const exponent = suffix.length > 1 ? Number(suffix.slice(1)) : (DECIMAL[suffix] ?? 0);
    if (exponent >= 0) {
      numerator *= 10n ** BigInt(exponent);
    } else {
      denominator *= 10n ** BigInt(-exponent);
    }
  }

  // resource.Quantity rounds amounts finer than its precision up, away from zero.
  const nano = (numerator + denominator - 1n) / denominator;
  return sign === "-" ? -nano : nano;
}

/** A resource amount as written in a manifest (a string or a YAML number), never negative. */
function readAmount(value: unknown, scale: bigint): number | undefined {
  if (typeof value !== "string" && typeof value !== "number") {
    return undefined;
  }
  const nano = parseQuantity(String(value));
  if (nano === undefined || nano < 0n) {
    return undefined;
  }
  return Number(nano / scale) + Number(nano % scale) / Number(scale);
}

/** "50m" -> 50, "0.5" -> 500, "2" -> 2000. */
export function parseCpu(value: unknown, where: string): number {
  const millicores = readAmount(value, NANO / 1000n);
  if (millicores === undefined) {
    throw new Error(
      `${where}: expected a CPU quantity such as 50m or 0.5, found ${JSON.stringify(value)}`,
    );
  }
  return millicores;
}

/** "128Mi" -> 134217728, "100M" -> 100000000, "1024" -> 1024. */
export function parseMemory(value: unknown, where: string): number {
  const bytes = readAmount(value, NANO);
  if (bytes === undefined) {
    throw new Error(
      `${where}: expected a memory quantity such as 128Mi or 100M, found ${JSON.stringify(value)}`,
    );
  }
  return bytes;
}
