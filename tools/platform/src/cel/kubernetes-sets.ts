import {
  type CelFunc,
  type CelList,
  CelScalar,
  type CelValue,
  celFunc,
  listType,
} from "@bufbuild/cel";
import { celEquals } from "./compare.ts";

// The CEL sets extension, which Kubernetes enables since 1.29 (cel-go ext/sets.go): lists read
// as sets, members compared with CEL's own equality, so 1, 1.0 and 1u are one member.

const LIST = listType(CelScalar.DYN);
const { BOOL } = CelScalar;

function includes(list: CelList, wanted: CelValue): boolean {
  return [...list].some((item) => celEquals(item, wanted));
}

function contains(list: CelList, sublist: CelList): boolean {
  return [...sublist].every((item) => includes(list, item));
}

export const kubernetesSetFunctions: CelFunc[] = [
  celFunc("sets.contains", [LIST, LIST], BOOL, contains),
  celFunc("sets.equivalent", [LIST, LIST], BOOL, (a: CelList, b: CelList) => {
    return contains(a, b) && contains(b, a);
  }),
  celFunc("sets.intersects", [LIST, LIST], BOOL, (a: CelList, b: CelList) => {
    return [...b].some((item) => includes(a, item));
  }),
];
