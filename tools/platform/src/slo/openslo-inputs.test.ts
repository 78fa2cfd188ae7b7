import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { formatSpecError, parseSpecs } from "./load-specs.ts";

/** Reads fixtures shaped like OpenSLO's own examples, as if they were in slo/. */
async function read(...names: string[]): Promise<{ file: string; text: string }[]> {
  return Promise.all(
    names.map(async (name) => ({
      file: `slo/${name}`,
      text: await readFile(new URL(`./testdata/openslo/${name}`, import.meta.url), "utf8"),
    })),
  );
}

describe("reading OpenSLO documents beyond one inline SLO", () => {
  it("resolves spec.indicatorRef to an SLI in another file, one SLO per objective", async () => {
    const { slos, errors } = parseSpecs(
      await read("sli-checkout-requests.yaml", "slo-checkout-availability-ref.yaml"),
    );
    expect(errors.map(formatSpecError)).toEqual([]);
    expect(slos).toMatchObject([
      { id: "checkout-availability-0", name: "availability-0", objective: 0.999 },
      { id: "checkout-availability-1", name: "availability-1", objective: 0.995 },
    ]);
    expect(slos[0]?.indicator).toEqual({
      kind: "bad",
      events: 'http_requests_total{app="checkout",namespace="shop",code=~"5.."}',
      total: 'http_requests_total{app="checkout",namespace="shop"}',
    });
  });

  it("reads an SLI and its SLO from one file, with Sloth's id of service and name", async () => {
    const { slos, errors } = parseSpecs(await read("multi-document.yaml"));
    expect(errors.map(formatSpecError)).toEqual([]);
    expect(slos).toMatchObject([
      {
        id: "search-latency",
        service: "search",
        name: "latency",
        period: "7d",
        indicator: { kind: "good" },
      },
    ]);
  });

  it("names the missing SLI of an indicatorRef", async () => {
    const { errors } = parseSpecs(await read("slo-checkout-availability-ref.yaml"));
    expect(errors.map(formatSpecError)).toEqual([
      "slo/slo-checkout-availability-ref.yaml: spec.indicatorRef: expected the name of an SLI " +
        'document in slo/, found "checkout-requests-without-5xx" (SLIs: none)',
    ]);
  });

  it("says what is supported instead of thresholds, time slices and calendars", async () => {
    const { errors } = parseSpecs(await read("unsupported.yaml"));
    const found = errors.map(formatSpecError).join("\n");
    expect(found).toContain(
      'spec.budgetingMethod: expected Occurrences, found "Timeslices" ' +
        "(Timeslices and RatioTimeslices are not supported)",
    );
    expect(found).toContain(
      "spec.timeWindow[0].isRolling: expected true " +
        "(calendar-aligned windows are not supported), found false",
    );
    expect(found).toContain(
      "spec.indicator.spec: expected ratioMetric with good or bad, and total, " +
        "found thresholdMetric (threshold SLIs are not supported)",
    );
    expect(errors.every((error) => error.file === "slo/unsupported.yaml")).toBe(true);
  });

  it("rejects kinds it does not read, saying alerts are generated", async () => {
    const { errors } = parseSpecs(await read("alert-policy.yaml"));
    expect(errors.map(formatSpecError)).toEqual([
      'slo/alert-policy.yaml: kind: expected SLO or SLI, found "AlertPolicy" ' +
        "(burn-rate and absent-data alerts are generated for every SLO)",
    ]);
  });

  it("stops at an apiVersion it does not read, with one error and no cascade", () => {
    const alpha = "apiVersion: openslo/v1alpha\nkind: SLO\nmetadata:\n  name: a\nspec: {}\n";
    const sloth = 'version: "prometheus/v1"\nservice: myservice\nslos: []\n';
    const { errors } = parseSpecs([
      { file: "slo/alpha.yaml", text: alpha },
      { file: "slo/sloth.yaml", text: sloth },
    ]);
    expect(errors.map(formatSpecError)).toEqual([
      'slo/alpha.yaml: apiVersion: expected openslo/v1, found "openslo/v1alpha" ' +
        "(rewrite v1alpha specs as v1: spec.timeWindow, spec.indicator, objectives[].target)",
      "slo/sloth.yaml: apiVersion: expected openslo/v1, found nothing " +
        "(Sloth's own prometheus/v1 spec is not read; write the SLO as OpenSLO v1)",
    ]);
  });

  it("hints at quoting a query that YAML read as a mapping", () => {
    const text = [
      "apiVersion: openslo/v1",
      "kind: SLI",
      "metadata:",
      "  name: requests",
      "spec:",
      "  ratioMetric:",
      "    counter: true",
      "    good:",
      "      metricSource:",
      "        type: Prometheus",
      "        spec:",
      '          query: {__name__="http_requests_total"}',
      "",
    ].join("\n");
    const found = parseSpecs([{ file: "slo/sli.yaml", text }]).errors.map(formatSpecError);
    expect(found).toContain(
      "slo/sli.yaml: spec.ratioMetric.good.metricSource.spec.query: expected a PromQL series " +
        "selector, found a YAML mapping (quote a query that starts with {)",
    );
  });

  it("refuses alert policies, since the alerts are generated", async () => {
    const [ref] = await read("slo-checkout-availability-ref.yaml");
    const text = `${ref?.text ?? ""}  alertPolicies:\n    - kind: AlertPolicy\n`;
    const [sli] = await read("sli-checkout-requests.yaml");
    const { errors } = parseSpecs([{ file: "slo/slo.yaml", text }, ...(sli ? [sli] : [])]);
    expect(errors.map(formatSpecError)).toEqual([
      "slo/slo.yaml: spec.alertPolicies: expected none (burn-rate and absent-data alerts are " +
        'generated for every SLO), found [{"kind":"AlertPolicy"}]',
    ]);
  });
});
