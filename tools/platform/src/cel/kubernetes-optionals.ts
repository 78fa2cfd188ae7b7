import {
  type CelFunc,
  type CelList,
  type CelMap,
  CelScalar,
  type CelValue,
  celFunc,
  celMethod,
  isCelList,
  isCelMap,
  listType,
  mapType,
} from "@bufbuild/cel";
import { HostValue } from "./host-value.ts";
import { OPTIONAL_INDEX, OPTIONAL_SELECT } from "./optional-syntax.ts";

// CEL optional values as Kubernetes enables them (cel-go OptionalTypes): `.?field`, `[?key]`
// (rewritten by optional-syntax.ts), optional.of / none / ofNonZeroValue, hasValue, value,
// orValue and or.

const { BOOL, DYN, INT, STRING } = CelScalar;
const MAP = mapType(DYN, DYN);
const LIST = listType(DYN);

const VALUE_KEY = "@optional";

/** An optional value, posing as a map: empty when none, one entry when it has a value. */
class Optional extends HostValue {
  readonly value: CelValue | undefined;

  constructor(value: CelValue | undefined) {
    super();
    this.value = value;
  }

  protected readonly key = VALUE_KEY;

  protected identity(): CelValue | undefined {
    return this.value;
  }
}

const NONE = new Optional(undefined);

function optional(value: CelValue | undefined): CelMap {
  return (value === undefined ? NONE : new Optional(value)) as unknown as CelMap;
}

function optionalOf(value: unknown): Optional {
  if (value instanceof Optional) {
    return value;
  }
  throw new Error("expected an optional value");
}

/** x[?key] and x.?field on a value: the entry when present, else none. */
function lookup(target: CelValue, key: CelValue): CelMap {
  if (target instanceof Optional) {
    return target.value === undefined ? optional(undefined) : lookup(target.value, key);
  }
  if (isCelMap(target)) {
    const mapKey = key as Parameters<CelMap["get"]>[0];
    return optional(target.has(mapKey) ? target.get(mapKey) : undefined);
  }
  if (isCelList(target) && typeof key === "bigint") {
    const index = Number(key);
    return optional(index >= 0 && index < target.size ? target.get(index) : undefined);
  }
  throw new Error("optional selection needs a map, an object or a list");
}

function isZero(value: CelValue): boolean {
  if (value === null || value === false || value === "" || value === 0 || value === 0n) {
    return true;
  }
  if (value instanceof Uint8Array) {
    return value.length === 0;
  }
  return (isCelList(value) || isCelMap(value)) && value.size === 0;
}

export const kubernetesOptionalFunctions: CelFunc[] = [
  celMethod(OPTIONAL_SELECT, MAP, [STRING], DYN, function (this: CelMap, field: string) {
    return lookup(this as unknown as CelValue, field);
  }),
  celMethod(OPTIONAL_INDEX, MAP, [DYN], DYN, function (this: CelMap, key: CelValue) {
    return lookup(this as unknown as CelValue, key);
  }),
  celMethod(OPTIONAL_INDEX, LIST, [INT], DYN, function (this: CelList, index: bigint) {
    return lookup(this, index);
  }),
  celFunc("optional.of", [DYN], MAP, (value: CelValue) => optional(value)),
  celFunc("optional.none", [], MAP, () => optional(undefined)),
  celFunc("optional.ofNonZeroValue", [DYN], MAP, (value: CelValue) => {
    return optional(isZero(value) ? undefined : value);
  }),
  celMethod("hasValue", MAP, [], BOOL, function (this: CelMap) {
    return optionalOf(this).value !== undefined;
  }),
  celMethod("value", MAP, [], DYN, function (this: CelMap) {
    const { value } = optionalOf(this);
    if (value === undefined) {
      throw new Error("optional.none() dereference");
    }
    return value;
  }),
  celMethod("orValue", MAP, [DYN], DYN, function (this: CelMap, fallback: CelValue) {
    return optionalOf(this).value ?? fallback;
  }),
  celMethod("or", MAP, [MAP], MAP, function (this: CelMap, other: CelMap) {
    return optionalOf(this).value === undefined ? (optionalOf(other) as never) : this;
  }),
];
