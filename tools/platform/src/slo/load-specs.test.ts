import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { formatSpecError, parseSpecs } from "./load-specs.ts";

const valid = await readFile(
  new URL("./testdata/specs/checkout-availability.yaml", import.meta.url),
  "utf8",
);
const file = "slo/checkout-availability.yaml";

function problems(text: string, name = file): string[] {
  return parseSpecs([{ file: name, text }]).errors.map(formatSpecError);
}

describe("reading SLO specs", () => {
  it("reads a valid spec into an SLO with Sloth's service and name", () => {
    const { slos, errors } = parseSpecs([{ file, text: valid }]);
    expect(errors).toEqual([]);
    expect(slos).toMatchObject([
      {
        id: "checkout-availability",
        service: "checkout",
        name: "availability",
        objective: 0.995,
        period: "28d",
        periodSeconds: 28 * 86_400,
        indicator: { kind: "bad" },
      },
    ]);
  });

  it.each([
    [
      "a target of 1",
      "target: 0.995",
      "target: 1",
      "spec.objectives[0].target: expected a number between 0 and 1 (exclusive), found 1",
    ],
    [
      "a target of 0",
      "target: 0.995",
      "target: 0",
      "spec.objectives[0].target: expected a number between 0 and 1 (exclusive), found 0",
    ],
    ["a target in percent", "target: 0.995", "target: 99.5", "found 99.5"],
    [
      "an unknown window unit",
      "duration: 28d",
      "duration: 1mo",
      'spec.timeWindow[0].duration: expected a duration such as 30d, 4w or 12h, found "1mo"',
    ],
    [
      "a period shorter than the longest alert window",
      "duration: 28d",
      "duration: 1d",
      "spec.timeWindow[0].duration: expected a period of at least 3d " +
        '(the longest alert window), found "1d"',
    ],
    [
      "a calendar window",
      "isRolling: true",
      "isRolling: false",
      "spec.timeWindow[0].isRolling: expected true",
    ],
    [
      "a query that does not parse",
      'code=~"5.."}',
      'code=~"5.."',
      "spec.indicator.spec.ratioMetric.bad.metricSource.spec.query: " +
        "could not parse PromQL at offset",
    ],
    [
      "a query that is not a selector",
      'query: http_requests_total{app="checkout",namespace="shop"}',
      'query: sum(http_requests_total{app="checkout"})',
      "expected a plain series selector",
    ],
    [
      "a label outside the scrape contract",
      'namespace="shop",code',
      'job="shop",code',
      "expected labels of the scrape contract",
    ],
    [
      "a latency threshold between bucket bounds",
      'namespace="shop",code=~"5.."',
      'namespace="shop",le="0.3"',
      'expected le="<a bucket bound>"',
    ],
    ["another kind", "kind: SLO", "kind: Service", 'kind: expected SLO or SLI, found "Service"'],
    [
      "a non-Prometheus source",
      "type: Prometheus",
      "type: Datadog",
      'metricSource.type: expected Prometheus, found "Datadog"',
    ],
  ])("rejects %s, naming the file and field", (_, from, to, message) => {
    const found = problems(valid.replace(from, to));
    expect(found.length).toBeGreaterThan(0);
    expect(found[0]).toContain(file);
    expect(found.join("\n")).toContain(message);
  });

  it("rejects two SLOs with the same name, naming both files", () => {
    const { errors } = parseSpecs([
      { file, text: valid },
      { file: "slo/copy.yaml", text: valid },
    ]);
    expect(errors.map(formatSpecError)).toEqual([
      "slo/copy.yaml: metadata.name: expected a unique SLO name, " +
        `found "checkout-availability" also in ${file}`,
    ]);
  });

  it("reports every problem of a file at once", () => {
    const broken = valid
      .replace("target: 0.995", "target: 2")
      .replace("duration: 28d", "duration: x");
    expect(problems(broken)).toHaveLength(2);
  });

  it("rejects YAML that does not parse", () => {
    expect(problems("a: [b")[0]).toMatch(
      /^slo\/checkout-availability.yaml: \(file\): could not parse YAML/,
    );
  });

  it("rejects an empty folder", () => {
    expect(parseSpecs([]).errors.map(formatSpecError)).toEqual([
      "slo: (folder): expected SLO specs, found none",
    ]);
  });
});
