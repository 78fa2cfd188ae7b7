import {
  type CelFunc,
  type CelMap,
  CelScalar,
  type CelValue,
  celFunc,
  celList,
  celMap,
  celMethod,
  mapType,
} from "@bufbuild/cel";
import {
  escapedPath,
  type GoUrl,
  hostname,
  parseUrl,
  port,
  query,
  requestUriError,
} from "./go-url.ts";

// The Kubernetes URL library (k8s.io/apiserver/pkg/cel/library/urls.go) over go-url.ts.

const { BOOL, DYN, STRING } = CelScalar;
const MAP = mapType(DYN, DYN);

/** @bufbuild/cel recognises its maps by this registered symbol (isCelMap). */
const CEL_MAP: unique symbol = Symbol.for("@bufbuild/cel/map") as never;
const URL_KEY = "@url";

/** A URL as a CEL value, posing as a one-entry map as quantities do (kubernetes-quantity.ts). */
class Url {
  readonly url: GoUrl;
  readonly text: string;
  readonly [CEL_MAP] = {};

  constructor(text: string, url: GoUrl) {
    this.text = text;
    this.url = url;
  }

  get size(): number {
    return 1;
  }

  get(key: unknown): CelValue | undefined {
    return key === URL_KEY ? this.text : undefined;
  }

  has(key: unknown): boolean {
    return key === URL_KEY;
  }

  *entries(): IterableIterator<[string, CelValue]> {
    yield [URL_KEY, this.text];
  }

  *keys(): IterableIterator<string> {
    yield URL_KEY;
  }

  *values(): IterableIterator<CelValue> {
    yield this.text;
  }

  forEach(callback: (value: CelValue, key: string, map: unknown) => void): void {
    callback(this.text, URL_KEY, this);
  }

  [Symbol.iterator](): IterableIterator<[string, CelValue]> {
    return this.entries();
  }
}

function toUrl(text: string): CelMap {
  const error = requestUriError(text);
  if (error !== undefined) {
    throw new Error(`URL parse error during conversion from string: ${error}`);
  }
  return new Url(text, parseUrl(text)) as unknown as CelMap;
}

function urlOf(value: CelValue): GoUrl {
  if (value instanceof Url) {
    return value.url;
  }
  throw new Error("expected a URL");
}

function accessor(name: string, read: (url: GoUrl) => string): CelFunc {
  return celMethod(name, MAP, [], STRING, function (this: CelMap) {
    return read(urlOf(this));
  });
}

export const kubernetesUrlFunctions: CelFunc[] = [
  celFunc("url", [STRING], MAP, toUrl),
  celFunc("isURL", [STRING], BOOL, (text: string) => requestUriError(text) === undefined),
  accessor("getScheme", (url) => url.scheme),
  accessor("getHost", (url) => url.host),
  accessor("getHostname", hostname),
  accessor("getPort", port),
  accessor("getEscapedPath", escapedPath),
  celMethod("getQuery", MAP, [], MAP, function (this: CelMap) {
    const entries = [...query(urlOf(this))].map(([key, values]) => [key, celList(values)] as const);
    return celMap(new Map(entries));
  }),
];
