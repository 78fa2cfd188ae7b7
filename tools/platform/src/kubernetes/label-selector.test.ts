import { describe, expect, it } from "vitest";
import { formatSelector, matchesLabels, parseLabelSelector } from "./label-selector.ts";

function matches(selector: unknown, labels: Record<string, string>): boolean {
  const parsed = parseLabelSelector(selector);
  if (!parsed.ok) {
    throw new Error(parsed.message);
  }
  return matchesLabels(parsed.selector, labels);
}

describe("label selectors", () => {
  const web = { app: "web", tier: "front" };

  it.each([
    ["the empty selector matches everything", {}, web, true],
    ["a missing selector reads as empty", undefined, {}, true],
    ["matchLabels needs every pair", { matchLabels: { app: "web", tier: "front" } }, web, true],
    [
      "matchLabels fails on one wrong value",
      { matchLabels: { app: "web", tier: "back" } },
      web,
      false,
    ],
    [
      "In matches a listed value",
      { matchExpressions: [{ key: "tier", operator: "In", values: ["back", "front"] }] },
      web,
      true,
    ],
    [
      "In needs the label",
      { matchExpressions: [{ key: "zone", operator: "In", values: ["a"] }] },
      web,
      false,
    ],
    [
      "NotIn matches a missing label",
      { matchExpressions: [{ key: "zone", operator: "NotIn", values: ["a"] }] },
      web,
      true,
    ],
    [
      "NotIn refuses a listed value",
      { matchExpressions: [{ key: "app", operator: "NotIn", values: ["web"] }] },
      web,
      false,
    ],
    ["Exists", { matchExpressions: [{ key: "app", operator: "Exists" }] }, web, true],
    ["DoesNotExist", { matchExpressions: [{ key: "app", operator: "DoesNotExist" }] }, web, false],
    [
      "a prefixed key, and an empty or dotted value, are valid",
      { matchLabels: { "app.kubernetes.io/name": "web", tier: "" } },
      { "app.kubernetes.io/name": "web", tier: "" },
      true,
    ],
    ["a value with inner _ . -", { matchLabels: { v: "a_b.c-1" } }, { v: "a_b.c-1" }, true],
    [
      "matchLabels and matchExpressions are ANDed",
      {
        matchLabels: { app: "web" },
        matchExpressions: [{ key: "tier", operator: "DoesNotExist" }],
      },
      web,
      false,
    ],
  ])("%s", (_name, selector, labels, expected) => {
    expect(matches(selector, labels)).toBe(expected);
  });

  it.each([
    [{ matchExpressions: [{ key: "a", operator: "Equals", values: ["x"] }] }, "operator"],
    [{ matchExpressions: [{ key: "a", operator: "In", values: [] }] }, "at least one value"],
    [{ matchExpressions: [{ key: "a", operator: "Exists", values: ["x"] }] }, "no values"],
    [{ matchLabels: ["a"] }, "matchLabels"],
    [{ matchLabels: { "app name": "web" } }, 'matchLabels: key "app name"'],
    [{ matchLabels: { app: "web server" } }, 'matchLabels.app: value "web server"'],
    [{ matchLabels: { "example.com/": "x" } }, "key"],
    [{ matchLabels: { "Example.com/app": "x" } }, "prefix"],
    [{ matchLabels: { [`a${"b".repeat(63)}`]: "x" } }, "at most 63"],
    [{ matchLabels: { app: "v".repeat(64) } }, "at most 63"],
    [{ matchLabels: { app: "-web" } }, "value"],
    [{ matchExpressions: [{ key: "tier", operator: "In", values: ["a b"] }] }, "values[0]"],
    [{ matchExpressions: [{ key: "a/b/c", operator: "Exists" }] }, "key"],
  ])("refuses an invalid selector %j", (selector, message) => {
    const parsed = parseLabelSelector(selector);
    expect(parsed.ok).toBe(false);
    expect(parsed.ok ? "" : parsed.message).toContain(message);
  });

  it("prints selectors the way kubectl does", () => {
    const parsed = parseLabelSelector({
      matchLabels: { app: "web" },
      matchExpressions: [
        { key: "tier", operator: "NotIn", values: ["a", "b"] },
        { key: "legacy", operator: "DoesNotExist" },
      ],
    });
    expect(parsed.ok && formatSelector(parsed.selector)).toBe("app=web,tier notin (a,b),!legacy");
  });
});
