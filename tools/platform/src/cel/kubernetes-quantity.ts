import {
  type CelFunc,
  type CelMap,
  CelScalar,
  type CelValue,
  celFunc,
  celMethod,
  mapType,
} from "@bufbuild/cel";

// The Kubernetes quantity library (k8s.io/apiserver/pkg/cel/library/quantity.go) over
// resource.Quantity strings such as "250m", "1.5Gi" or "1e3". Values are held exactly, in
// nano units (the finest suffix, "n"), as BigInt.

const { BOOL, DOUBLE, DYN, INT, STRING } = CelScalar;
const MAP = mapType(DYN, DYN);

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

// Same grammar as resource.ParseQuantity: sign, digits with an optional fraction, then a
// binary suffix, a decimal SI suffix or a decimal exponent.
const QUANTITY = /^([+-]?)(\d+(?:\.\d*)?|\.\d+)(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE]|[eE][+-]?\d+)?$/;

/** The key a quantity shows when compared as a map: equal amounts compare equal. */
const AMOUNT_KEY = "@quantity";

/** @bufbuild/cel recognises its maps by this registered symbol (isCelMap). */
const CEL_MAP: unique symbol = Symbol.for("@bufbuild/cel/map") as never;

/**
 * A quantity as a CEL value. CEL has no slot for host types, so it poses as a one-entry map
 * (the same registry symbol @bufbuild/cel checks), which keeps `==` semantic.
 */
class Quantity {
  readonly nano: bigint;
  readonly [CEL_MAP] = {};

  constructor(nano: bigint) {
    this.nano = nano;
  }

  get size(): number {
    return 1;
  }

  get(key: unknown): CelValue | undefined {
    return key === AMOUNT_KEY ? this.nano : undefined;
  }

  has(key: unknown): boolean {
    return key === AMOUNT_KEY;
  }

  *entries(): IterableIterator<[string, CelValue]> {
    yield [AMOUNT_KEY, this.nano];
  }

  *keys(): IterableIterator<string> {
    yield AMOUNT_KEY;
  }

  *values(): IterableIterator<CelValue> {
    yield this.nano;
  }

  forEach(callback: (value: CelValue, key: string, map: unknown) => void): void {
    callback(this.nano, AMOUNT_KEY, this);
  }

  [Symbol.iterator](): IterableIterator<[string, CelValue]> {
    return this.entries();
  }
}

function asCel(quantity: Quantity): CelMap {
  return quantity as unknown as CelMap;
}

function parseQuantity(text: string): Quantity {
  const match = QUANTITY.exec(text);
  if (!match) {
    throw new Error(`quantities must match the regular expression ${QUANTITY.source}: ${text}`);
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
  return new Quantity(sign === "-" ? -nano : nano);
}

function quantityOf(value: CelValue): Quantity {
  if (value instanceof Quantity) {
    return value;
  }
  throw new Error("expected a quantity");
}

function compare(a: CelValue, b: CelValue): bigint {
  const left = quantityOf(a).nano;
  const right = quantityOf(b).nano;
  return left < right ? -1n : left > right ? 1n : 0n;
}

const INT64_MAX = 2n ** 63n - 1n;

export const kubernetesQuantityFunctions: CelFunc[] = [
  celFunc("quantity", [STRING], MAP, (text: string) => asCel(parseQuantity(text))),
  celFunc("isQuantity", [STRING], BOOL, (text: string) => QUANTITY.test(text)),
  celMethod("sign", MAP, [], INT, function (this: CelMap) {
    const { nano } = quantityOf(this);
    return nano < 0n ? -1n : nano > 0n ? 1n : 0n;
  }),
  celMethod("isInteger", MAP, [], BOOL, function (this: CelMap) {
    return quantityOf(this).nano % NANO === 0n;
  }),
  celMethod("asInteger", MAP, [], INT, function (this: CelMap) {
    const { nano } = quantityOf(this);
    const whole = nano / NANO;
    if (nano % NANO !== 0n || whole > INT64_MAX || whole < -INT64_MAX - 1n) {
      throw new Error("cannot convert value to integer");
    }
    return whole;
  }),
  celMethod("asApproximateFloat", MAP, [], DOUBLE, function (this: CelMap) {
    return Number(quantityOf(this).nano) / 1e9;
  }),
  celMethod("add", MAP, [MAP], MAP, function (this: CelMap, other: CelMap) {
    return asCel(new Quantity(quantityOf(this).nano + quantityOf(other).nano));
  }),
  celMethod("add", MAP, [INT], MAP, function (this: CelMap, other: bigint) {
    return asCel(new Quantity(quantityOf(this).nano + other * NANO));
  }),
  celMethod("sub", MAP, [MAP], MAP, function (this: CelMap, other: CelMap) {
    return asCel(new Quantity(quantityOf(this).nano - quantityOf(other).nano));
  }),
  celMethod("sub", MAP, [INT], MAP, function (this: CelMap, other: bigint) {
    return asCel(new Quantity(quantityOf(this).nano - other * NANO));
  }),
  celMethod("compareTo", MAP, [MAP], INT, function (this: CelMap, other: CelMap) {
    return compare(this, other);
  }),
  celMethod("isLessThan", MAP, [MAP], BOOL, function (this: CelMap, other: CelMap) {
    return compare(this, other) < 0n;
  }),
  celMethod("isGreaterThan", MAP, [MAP], BOOL, function (this: CelMap, other: CelMap) {
    return compare(this, other) > 0n;
  }),
];
