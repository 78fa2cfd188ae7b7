import {
  type CelFunc,
  type CelMap,
  CelScalar,
  type CelValue,
  celFunc,
  celMethod,
  mapType,
} from "@bufbuild/cel";
import { nanoPerUnit, parseQuantity, QUANTITY } from "../kubernetes/quantity.ts";
import { HostValue } from "./host-value.ts";
import { compareVersions } from "./kubernetes-semver.ts";

// The Kubernetes quantity library (k8s.io/apiserver/pkg/cel/library/quantity.go) over
// resource.Quantity strings, read by kubernetes/quantity.ts in exact nano units.

const { BOOL, DOUBLE, DYN, INT, STRING } = CelScalar;
const MAP = mapType(DYN, DYN);

/** The key a quantity shows when compared as a map: equal amounts compare equal. */
const AMOUNT_KEY = "@quantity";

/** A quantity as a CEL value: == compares amounts, so 1Gi == 1024Mi. */
class Quantity extends HostValue {
  readonly nano: bigint;

  constructor(nano: bigint) {
    super();
    this.nano = nano;
  }

  protected readonly key = AMOUNT_KEY;

  protected identity(): CelValue | undefined {
    return this.nano;
  }
}

function asCel(quantity: Quantity): CelMap {
  return quantity as unknown as CelMap;
}

function quantityFrom(text: string): Quantity {
  const nano = parseQuantity(text);
  if (nano === undefined) {
    throw new Error(`quantities must match the regular expression ${QUANTITY.source}: ${text}`);
  }
  return new Quantity(nano);
}

function quantityOf(value: CelValue): Quantity {
  if (value instanceof Quantity) {
    return value;
  }
  throw new Error("expected a quantity");
}

/** Quantities, or versions: the semver library shares these method names (kubernetes-semver). */
function compare(a: CelValue, b: CelValue): bigint {
  const versions = compareVersions(a, b);
  if (versions !== undefined) {
    return versions;
  }
  const left = quantityOf(a).nano;
  const right = quantityOf(b).nano;
  return left < right ? -1n : left > right ? 1n : 0n;
}

const INT64_MAX = 2n ** 63n - 1n;

/** The whole amount as an int64, or undefined when it has a fraction or does not fit. */
function asInt64(nano: bigint): bigint | undefined {
  const whole = nano / nanoPerUnit;
  if (nano % nanoPerUnit !== 0n || whole > INT64_MAX || whole < -INT64_MAX - 1n) {
    return undefined;
  }
  return whole;
}

export const kubernetesQuantityFunctions: CelFunc[] = [
  celFunc("quantity", [STRING], MAP, (text: string) => asCel(quantityFrom(text))),
  celFunc("isQuantity", [STRING], BOOL, (text: string) => QUANTITY.test(text)),
  celMethod("sign", MAP, [], INT, function (this: CelMap) {
    const { nano } = quantityOf(this);
    return nano < 0n ? -1n : nano > 0n ? 1n : 0n;
  }),
  // Upstream isInteger is "AsInt64 succeeds": a whole amount beyond int64 is not an integer.
  celMethod("isInteger", MAP, [], BOOL, function (this: CelMap) {
    return asInt64(quantityOf(this).nano) !== undefined;
  }),
  celMethod("asInteger", MAP, [], INT, function (this: CelMap) {
    const whole = asInt64(quantityOf(this).nano);
    if (whole === undefined) {
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
    return asCel(new Quantity(quantityOf(this).nano + other * nanoPerUnit));
  }),
  celMethod("sub", MAP, [MAP], MAP, function (this: CelMap, other: CelMap) {
    return asCel(new Quantity(quantityOf(this).nano - quantityOf(other).nano));
  }),
  celMethod("sub", MAP, [INT], MAP, function (this: CelMap, other: bigint) {
    return asCel(new Quantity(quantityOf(this).nano - other * nanoPerUnit));
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
