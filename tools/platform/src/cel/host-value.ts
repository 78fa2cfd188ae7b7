import type { CelValue } from "@bufbuild/cel";

/** @bufbuild/cel recognises its maps by this registered symbol (isCelMap). */
const CEL_MAP: unique symbol = Symbol.for("@bufbuild/cel/map") as never;

/**
 * A Kubernetes library value (quantity, IP, CIDR, URL, semver, optional) as CEL sees it. CEL has
 * no slot for host types, so each poses as a map of at most one entry: its own key and the value
 * == should compare. Distinct keys keep a quantity from ever equalling a URL.
 */
export abstract class HostValue {
  readonly [CEL_MAP] = {};

  /** The one key this kind of value shows, such as "@quantity". */
  protected abstract readonly key: string;

  /** What == compares; undefined leaves the map empty (an optional without a value). */
  protected abstract identity(): CelValue | undefined;

  get size(): number {
    return this.identity() === undefined ? 0 : 1;
  }

  get(key: unknown): CelValue | undefined {
    return key === this.key ? this.identity() : undefined;
  }

  has(key: unknown): boolean {
    return key === this.key && this.identity() !== undefined;
  }

  *entries(): IterableIterator<[string, CelValue]> {
    const identity = this.identity();
    if (identity !== undefined) {
      yield [this.key, identity];
    }
  }

  *keys(): IterableIterator<string> {
    for (const [key] of this.entries()) {
      yield key;
    }
  }

  *values(): IterableIterator<CelValue> {
    for (const [, value] of this.entries()) {
      yield value;
    }
  }

  forEach(callback: (value: CelValue, key: string, map: unknown) => void): void {
    for (const [key, value] of this.entries()) {
      callback(value, key, this);
    }
  }

  [Symbol.iterator](): IterableIterator<[string, CelValue]> {
    return this.entries();
  }
}
