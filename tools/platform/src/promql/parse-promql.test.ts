import { describe, expect, it } from "vitest";
import { parsePromql } from "./parse-promql.ts";

describe("parsePromql", () => {
  it.each([
    "sum(rate(http_requests_total[5m]))",
    'histogram_quantile(0.95, sum by (le) (rate(x_bucket{namespace="ns"}[5m])))',
    "sum(rate(a[5m])) / sum(rate(b[5m])) > 0.01",
    "x offset 5m",
    "up == bool 1",
  ])("accepts %s", (expr) => {
    expect(parsePromql(expr)).toEqual({ ok: true });
  });

  it("reports an unclosed call at the end of the expression", () => {
    expect(parsePromql("sum(rate(x[5m])")).toEqual({
      ok: false,
      message: "unexpected end of expression",
      offset: 15,
    });
  });

  it("names the unexpected text and its offset", () => {
    const result = parsePromql("1 +* 2");
    expect(result).toEqual({ ok: false, message: 'unexpected "* 2" at offset 3', offset: 3 });
  });

  it("rejects an unknown function", () => {
    const result = parsePromql("foo(bar)");
    expect(result.ok).toBe(false);
    expect(result.ok === false && result.offset).toBe(3);
  });

  it("rejects an unclosed label matcher", () => {
    expect(parsePromql('x{a="b"').ok).toBe(false);
  });

  it("rejects an empty expression", () => {
    expect(parsePromql("  ")).toMatchObject({ ok: false, offset: 0 });
  });
});
