/** A response whose body and headers are built once and sent many times. */
export interface PreparedResponse {
  readonly body: Buffer;
  readonly headers: Readonly<Record<string, string | number>>;
}

const jsonType = "application/json; charset=utf-8";

export function prepareJson(
  value: unknown,
  extraHeaders: Readonly<Record<string, string>> = {},
): PreparedResponse {
  const body = Buffer.from(JSON.stringify(value));
  return {
    body,
    headers: { "content-type": jsonType, "content-length": body.length, ...extraHeaders },
  };
}

export function prepareText(text: string, contentType: string): PreparedResponse {
  const body = Buffer.from(text);
  return { body, headers: { "content-type": contentType, "content-length": body.length } };
}

/** The error answers, shared by every route. No internals: the status and a short reason. */
export const errorResponses = {
  notFound: prepareJson({ error: "not found" }),
  methodNotAllowed: prepareJson({ error: "method not allowed" }, { allow: "GET, HEAD" }),
  internal: prepareJson({ error: "internal error" }),
  injected: prepareJson({ error: "injected failure" }),
} as const;
