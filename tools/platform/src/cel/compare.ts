import { type CelValue, celEnv, isCelError, isCelUint, parse, plan } from "@bufbuild/cel";

/** CEL's own `==`, so list functions treat `1 == 1.0` and nested lists the way CEL does. */
const equalsProgram = plan(celEnv(), parse("a == b"));

export function celEquals(a: CelValue, b: CelValue): boolean {
  return equalsProgram({ a, b }) === true;
}

/** Orders two CEL values of the same comparable kind; numbers of every kind compare together. */
export function celCompare(a: CelValue, b: CelValue): number {
  const left = numeric(a);
  const right = numeric(b);
  if (left !== undefined && right !== undefined) {
    return left < right ? -1 : left > right ? 1 : 0;
  }
  if (typeof a === "string" && typeof b === "string") {
    return a < b ? -1 : a > b ? 1 : 0;
  }
  if (typeof a === "boolean" && typeof b === "boolean") {
    return Number(a) - Number(b);
  }
  throw new Error(`cannot compare ${describe(a)} with ${describe(b)}`);
}

function numeric(value: CelValue): number | bigint | undefined {
  if (typeof value === "bigint" || typeof value === "number") {
    return value;
  }
  if (isCelUint(value)) {
    return value.value;
  }
  return undefined;
}

export function describe(value: CelValue): string {
  if (value === null) {
    return "null";
  }
  if (isCelUint(value)) {
    return "uint";
  }
  if (isCelError(value)) {
    return "error";
  }
  if (typeof value === "bigint") {
    return "int";
  }
  if (typeof value === "number") {
    return "double";
  }
  return typeof value === "object" ? "list or map" : typeof value;
}
