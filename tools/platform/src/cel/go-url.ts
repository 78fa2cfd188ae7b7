// The parts of Go's net/url that the Kubernetes URL library reads (k8s.io/apiserver/pkg/cel/
// library/urls.go): url() and isURL() accept what url.ParseRequestURI accepts (an absolute URI
// or an absolute path), and the accessors read what url.Parse gives. Rules follow
// https://pkg.go.dev/net/url and its source: scheme, authority, port and escape checks.

export interface GoUrl {
  scheme: string;
  opaque: string;
  /** host[:port], IPv6 in brackets. */
  host: string;
  /** The decoded path. */
  path: string;
  /** The path as written, kept when it differs from the path escaped again. */
  rawPath: string;
  rawQuery: string;
}

/** url.ParseRequestURI's verdict: undefined when valid, else the reason. */
export function requestUriError(text: string): string | undefined {
  try {
    parse(text, true);
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

/** url.Parse: the fragment is cut first, then the rest is read. */
export function parseUrl(text: string): GoUrl {
  const hash = text.indexOf("#");
  return parse(hash < 0 ? text : text.slice(0, hash), false);
}

function parse(raw: string, viaRequest: boolean): GoUrl {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: Go refuses these bytes.
  if (/[\x00-\x1f\x7f]/.test(raw)) {
    throw new Error("invalid control character in URL");
  }
  if (raw === "" && viaRequest) {
    throw new Error("empty url");
  }
  const url: GoUrl = { scheme: "", opaque: "", host: "", path: "", rawPath: "", rawQuery: "" };
  if (raw === "*") {
    url.path = "*";
    return url;
  }

  let rest = splitScheme(raw, url);
  if (rest.endsWith("?") && rest.split("?").length === 2) {
    rest = rest.slice(0, -1);
  } else {
    const question = rest.indexOf("?");
    if (question >= 0) {
      url.rawQuery = rest.slice(question + 1);
      rest = rest.slice(0, question);
    }
  }

  if (!rest.startsWith("/")) {
    if (url.scheme !== "") {
      url.opaque = rest;
      return url;
    }
    if (viaRequest) {
      throw new Error("invalid URI for request");
    }
    const slash = rest.indexOf("/");
    if ((slash < 0 ? rest : rest.slice(0, slash)).includes(":")) {
      throw new Error("first path segment in URL cannot contain colon");
    }
  }

  if ((url.scheme !== "" || (!viaRequest && !rest.startsWith("///"))) && rest.startsWith("//")) {
    const afterSlashes = rest.slice(2);
    const slash = afterSlashes.indexOf("/");
    const authority = slash < 0 ? afterSlashes : afterSlashes.slice(0, slash);
    rest = slash < 0 ? "" : afterSlashes.slice(slash);
    url.host = parseAuthority(authority);
  }

  url.path = percentDecode(rest, "path");
  url.rawPath = percentEncodePath(url.path) === rest ? "" : rest;
  return url;
}

function splitScheme(raw: string, url: GoUrl): string {
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i] ?? "";
    if (/[A-Za-z]/.test(c)) {
      continue;
    }
    if (/[0-9+.-]/.test(c)) {
      if (i === 0) {
        return raw;
      }
      continue;
    }
    if (c === ":") {
      if (i === 0) {
        throw new Error("missing protocol scheme");
      }
      url.scheme = raw.slice(0, i).toLowerCase();
      return raw.slice(i + 1);
    }
    return raw;
  }
  return raw;
}

function parseAuthority(authority: string): string {
  const at = authority.lastIndexOf("@");
  const host = authority.slice(at + 1);
  if (at >= 0 && !/^[A-Za-z0-9\-._:~!$&'()*+,;=%@]*$/.test(authority.slice(0, at))) {
    throw new Error("net/url: invalid userinfo");
  }
  return parseHost(host);
}

function parseHost(host: string): string {
  if (host.startsWith("[")) {
    const close = host.lastIndexOf("]");
    if (close < 0) {
      throw new Error("missing ']' in host");
    }
    const port = host.slice(close + 1);
    if (!validOptionalPort(port)) {
      throw new Error(`invalid port "${port}" after host`);
    }
  } else {
    const colon = host.lastIndexOf(":");
    if (colon >= 0 && !validOptionalPort(host.slice(colon))) {
      throw new Error(`invalid port "${host.slice(colon)}" after host`);
    }
  }
  return percentDecode(host, "host");
}

function validOptionalPort(port: string): boolean {
  return port === "" || /^:[0-9]*$/.test(port);
}

/** Characters a host may hold unescaped (Go's shouldEscape in host mode). */
const HOST_CHARS = /^[A-Za-z0-9\-_.~!$&'()*+,;=:[\]<>"]$/;

function percentDecode(text: string, mode: "path" | "host" | "query"): string {
  const bytes: number[] = [];
  const encoder = new TextEncoder();
  for (let i = 0; i < text.length; i++) {
    const c = text[i] ?? "";
    if (c === "%") {
      const hex = text.slice(i + 1, i + 3);
      if (!/^[0-9A-Fa-f]{2}$/.test(hex)) {
        throw new Error(`invalid URL escape "${text.slice(i, i + 3)}"`);
      }
      bytes.push(Number.parseInt(hex, 16));
      i += 2;
      continue;
    }
    if (mode === "host" && c.charCodeAt(0) < 0x80 && !HOST_CHARS.test(c)) {
      throw new Error(`invalid character "${c}" in host name`);
    }
    if (mode === "query" && c === "+") {
      bytes.push(0x20);
      continue;
    }
    bytes.push(...encoder.encode(c));
  }
  return new TextDecoder().decode(new Uint8Array(bytes));
}

/** Go's escape in path mode: unreserved characters and $&+,/:;=@ stay, the rest is %XX. */
function percentEncodePath(path: string): string {
  let out = "";
  for (const byte of new TextEncoder().encode(path)) {
    const c = String.fromCharCode(byte);
    out += /[A-Za-z0-9\-_.~$&+,/:;=@]/.test(c)
      ? c
      : `%${byte.toString(16).toUpperCase().padStart(2, "0")}`;
  }
  return out;
}

/** Characters an escaped path may hold as written (Go's validEncoded). */
const ENCODED_PATH = /^[A-Za-z0-9\-_.~!$&'()*+,;=:@[\]%/]*$/;

/** URL.EscapedPath: the path as written when it is a valid encoding of it, else re-escaped. */
export function escapedPath(url: GoUrl): string {
  if (url.rawPath !== "" && ENCODED_PATH.test(url.rawPath)) {
    try {
      if (percentDecode(url.rawPath, "path") === url.path) {
        return url.rawPath;
      }
    } catch {
      // Not a valid encoding: fall through to escaping the path.
    }
  }
  return url.path === "*" ? "*" : percentEncodePath(url.path);
}

/** URL.Hostname: the host without port, IPv6 without brackets (Go's splitHostPort). */
export function hostname(url: GoUrl): string {
  let host = url.host;
  const colon = host.lastIndexOf(":");
  if (colon >= 0 && validOptionalPort(host.slice(colon))) {
    host = host.slice(0, colon);
  }
  return host.startsWith("[") && host.endsWith("]") ? host.slice(1, -1) : host;
}

/** URL.Port: the digits after the host's last colon, or "". */
export function port(url: GoUrl): string {
  const { host } = url;
  const colon = host.lastIndexOf(":");
  if (colon < 0) {
    return "";
  }
  const bracket = host.indexOf("]:");
  if (bracket >= 0) {
    return host.slice(bracket + 2);
  }
  return host.includes("]") ? "" : host.slice(colon + 1);
}

/** URL.Query: repeated keys keep every value; pairs with ';' or bad escapes are dropped. */
export function query(url: GoUrl): Map<string, string[]> {
  const values = new Map<string, string[]>();
  for (const pair of url.rawQuery.split("&")) {
    if (pair === "" || pair.includes(";")) {
      continue;
    }
    const equals = pair.indexOf("=");
    try {
      const key = percentDecode(equals < 0 ? pair : pair.slice(0, equals), "query");
      const value = equals < 0 ? "" : percentDecode(pair.slice(equals + 1), "query");
      values.set(key, [...(values.get(key) ?? []), value]);
    } catch {
      // Go's ParseQuery skips a pair it cannot unescape.
    }
  }
  return values;
}
