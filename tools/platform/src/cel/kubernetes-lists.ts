import {
  type CelFunc,
  type CelList,
  CelScalar,
  type CelValue,
  celList,
  celMethod,
  celUint,
  isCelList,
  isCelUint,
  listType,
} from "@bufbuild/cel";
import { celCompare, celEquals, describe } from "./compare.ts";

// The Kubernetes list library (k8s.io/apiserver/pkg/cel/library/lists.go) and the CEL lists
// extension that Kubernetes enables (slice, flatten, distinct, reverse, sort).

const LIST = listType(CelScalar.DYN);
const { BOOL, DYN, INT } = CelScalar;

function isSorted(this: CelList): boolean {
  const items = [...this];
  return items.every((item, i) => i === 0 || celCompare(items[i - 1] ?? null, item) <= 0);
}

function sum(this: CelList): CelValue {
  const items = [...this];
  if (items.every((item) => typeof item === "bigint")) {
    return items.reduce<bigint>((total, item) => total + (item as bigint), 0n);
  }
  if (items.every((item) => typeof item === "number")) {
    return items.reduce<number>((total, item) => total + (item as number), 0);
  }
  if (items.every(isCelUint)) {
    return celUint(items.reduce((total, item) => total + item.value, 0n));
  }
  throw new Error(
    `sum() needs a list of one numeric type, found ${items.map(describe).join(", ")}`,
  );
}

function extreme(list: CelList, name: string, better: (order: number) => boolean): CelValue {
  const items = [...list];
  if (items.length === 0) {
    throw new Error(`${name}() called on an empty list`);
  }
  return items.reduce((best, item) => (better(celCompare(item, best)) ? item : best));
}

function indexOf(this: CelList, wanted: CelValue): bigint {
  return BigInt([...this].findIndex((item) => celEquals(item, wanted)));
}

function lastIndexOf(this: CelList, wanted: CelValue): bigint {
  return BigInt([...this].findLastIndex((item) => celEquals(item, wanted)));
}

function slice(this: CelList, start: bigint, end: bigint): CelList {
  if (start < 0n || end < start || end > BigInt(this.size)) {
    throw new Error(`slice(${start}, ${end}) out of range for a list of size ${this.size}`);
  }
  return celList([...this].slice(Number(start), Number(end)));
}

function flatten(list: CelList, depth: bigint): CelValue[] {
  const flat: CelValue[] = [];
  for (const item of list) {
    if (isCelList(item) && depth > 0n) {
      flat.push(...flatten(item, depth - 1n));
    } else {
      flat.push(item);
    }
  }
  return flat;
}

function distinct(this: CelList): CelList {
  const kept: CelValue[] = [];
  for (const item of this) {
    if (!kept.some((seen) => celEquals(seen, item))) {
      kept.push(item);
    }
  }
  return celList(kept);
}

export const kubernetesListFunctions: CelFunc[] = [
  celMethod("isSorted", LIST, [], BOOL, isSorted),
  celMethod("sum", LIST, [], DYN, sum),
  celMethod("min", LIST, [], DYN, function (this: CelList) {
    return extreme(this, "min", (order) => order < 0);
  }),
  celMethod("max", LIST, [], DYN, function (this: CelList) {
    return extreme(this, "max", (order) => order > 0);
  }),
  celMethod("indexOf", LIST, [DYN], INT, indexOf),
  celMethod("lastIndexOf", LIST, [DYN], INT, lastIndexOf),
  celMethod("slice", LIST, [INT, INT], LIST, slice),
  celMethod("flatten", LIST, [], LIST, function (this: CelList) {
    return celList(flatten(this, 1n));
  }),
  celMethod("flatten", LIST, [INT], LIST, function (this: CelList, depth: bigint) {
    return celList(flatten(this, depth));
  }),
  celMethod("distinct", LIST, [], LIST, distinct),
  celMethod("reverse", LIST, [], LIST, function (this: CelList) {
    return celList([...this].reverse());
  }),
  celMethod("sort", LIST, [], LIST, function (this: CelList) {
    return celList([...this].sort(celCompare));
  }),
];
