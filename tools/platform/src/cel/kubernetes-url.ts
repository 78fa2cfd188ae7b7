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
import { HostValue } from "./host-value.ts";

// The Kubernetes URL library (k8s.io/apiserver/pkg/cel/library/urls.go) over go-url.ts.

const { BOOL, DYN, STRING } = CelScalar;
const MAP = mapType(DYN, DYN);

const URL_KEY = "@url";

/** A URL as a CEL value (host-value.ts): == compares its text. */
class Url extends HostValue {
  readonly url: GoUrl;
  readonly text: string;

  constructor(text: string, url: GoUrl) {
    super();
    this.text = text;
    this.url = url;
  }

  protected readonly key = URL_KEY;

  protected identity(): CelValue | undefined {
    return this.text;
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
