import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { type ServiceProcess, spawnProcess } from "@gitops-platform/demo-app/service-process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { targetLabels } from "../contract/telemetry.ts";
import { LocalPrometheus } from "../prometheus/index.ts";
import { driveLoad, type LoadTally } from "./counting-load.ts";
import { panelQueries } from "./dashboards/panels.ts";
import { rateInterval, serviceVariables } from "./dashboards/service-health.ts";
import { parseDuration } from "./duration.ts";
import { toYaml } from "./format.ts";
import { buildDashboards } from "./generate.ts";
import { loadSpecs } from "./load-specs.ts";
import { type Slo, withPeriod } from "./model.ts";
import { series, sloLabels } from "./names.ts";
import { ruleGroups } from "./rules.ts";
import { parseSelector } from "./selector.ts";

const repoRoot = new URL("../../../../", import.meta.url).pathname;

/** The SLO period is cut to ten minutes so the whole run falls inside it. */
const period = "10m";
/** Half the availability budget: the budget remaining should read about 50%. */
const errorRate = 0.0005;
const loadMs = 45_000;

/**
 * The generated rules on a real Prometheus scraping the real demo app: the error budget it
 * records must match the one computed from the load generator's own counts, and every
 * dashboard query must return data.
 */
describe("the SLO rules on a real Prometheus", () => {
  let app: ServiceProcess | undefined;
  let prometheus: LocalPrometheus | undefined;
  let folder = "";
  let slos: Slo[] = [];
  let tally: LoadTally = { answered: 0, serverErrors: 0, slow: 0, unanswered: 0 };

  beforeAll(async () => {
    const loaded = await loadSpecs(repoRoot);
    const seconds = parseDuration(period) ?? 0;
    slos = loaded.slos.map((slo) => withPeriod(slo, period, seconds));

    folder = await mkdtemp(join(tmpdir(), "slo-e2e-"));
    const rules = join(folder, "rules.yaml");
    await writeFile(rules, toYaml({ groups: slos.flatMap(ruleGroups) }));

    app = await spawnProcess({
      env: { LOG_LEVEL: "info", ERROR_RATE: String(errorRate), VERSION: "1.0.0" },
    });
    prometheus = await LocalPrometheus.start({
      scrapeInterval: "1s",
      jobs: ["demo-app"],
      ruleFiles: [rules],
    });
    await prometheus.setTargets("demo-app", [
      { address: `127.0.0.1:${app.port}`, labels: contractLabels() },
    ]);

    // The 5xx series is born at zero; the first scrape must see that zero before any load,
    // or rate() would miss the first failures.
    await waitFor(prometheus, `${metricOf(slos)}{code="500"}`);
    tally = await driveLoad(`http://127.0.0.1:${app.port}/`, {
      durationMs: loadMs,
      concurrency: 8,
      slowSeconds: 0.5,
    });
    // Wait until a scrape has seen every answer, then for two rule evaluations after it.
    await waitFor(prometheus, `sum(${metricOf(slos)}{route="/"}) == ${tally.answered}`);
    await sleep(2_500);
  }, 120_000);

  afterAll(async () => {
    await prometheus?.stop();
    await app?.stop();
    await rm(folder, { recursive: true, force: true });
  });

  it("answers every request the generator sent, with the configured error rate", () => {
    expect(tally.unanswered).toBe(0);
    expect(tally.answered).toBeGreaterThan(5_000);
    expect(tally.serverErrors).toBe(Math.floor(tally.answered * errorRate + 1e-9));
  });

  it("records availability budget remaining within 0.5 points of the generator count", async () => {
    const slo = find(slos, "bad");
    const expected = 1 - tally.serverErrors / tally.answered / (1 - slo.objective);
    const recorded = await value(`${series.periodBudgetRemaining}{${sloLabels.id}="${slo.id}"}`);
    process.stderr.write(
      `slo e2e: ${tally.answered} requests, ${tally.serverErrors} 5xx; budget remaining ` +
        `recorded ${(recorded * 100).toFixed(3)}%, ` +
        `from the counts ${(expected * 100).toFixed(3)}%\n`,
    );
    expect(expected).toBeGreaterThan(0.2);
    expect(Math.abs(recorded - expected)).toBeLessThan(0.005);
  });

  it("records the latency budget from the share of slow answers", async () => {
    const slo = find(slos, "good");
    const recorded = await value(`${series.periodBudgetRemaining}{${sloLabels.id}="${slo.id}"}`);
    // The client sees every server-side duration plus the network: it never counts fewer.
    const clientSide = 1 - tally.slow / tally.answered / (1 - slo.objective);
    expect(recorded).toBeLessThanOrEqual(1);
    expect(recorded).toBeGreaterThanOrEqual(clientSide - 0.005);
  });

  it("fires no alert on traffic within budget", async () => {
    const answer = await prometheus?.query('ALERTS{alertstate="firing"}');
    expect(answer?.result).toEqual([]);
  });

  it("returns data for every dashboard panel query", async () => {
    const dashboards = Object.values(buildDashboards(slos));
    const queries = dashboards.flatMap(panelQueries);
    expect(queries.length).toBeGreaterThan(20);

    const empty: string[] = [];
    for (const { title, expr } of queries) {
      const answer = await prometheus?.query(substitute(expr));
      const result = answer?.result;
      if (!Array.isArray(result) || result.length === 0) {
        empty.push(`${title}: ${expr}`);
      }
    }
    expect(empty).toEqual([]);
  });

  async function value(expr: string): Promise<number> {
    const answer = await prometheus?.query(expr);
    const [sample] = (answer?.result ?? []) as { value: [number, string] }[];
    if (sample === undefined) {
      throw new Error(`no sample for ${expr}`);
    }
    return Number(sample.value[1]);
  }
});

/** The target labels a cluster's PodMonitor would attach, from the shared contract. */
function contractLabels(): Record<string, string> {
  return {
    [targetLabels.namespace.label]: "demo-production",
    [targetLabels.pod.label]: "demo-app-5f7b9c-x2k4q",
    [targetLabels.app.label]: "demo-app",
    [targetLabels.podTemplateHash.label]: "5f7b9c",
    [targetLabels.version.label]: "1.0.0",
  };
}

/** Grafana's variables, as a user would pick them. */
function substitute(expr: string): string {
  return expr
    .replaceAll(`$${serviceVariables.app}`, "demo-app")
    .replaceAll(`$${serviceVariables.namespace}`, "demo-production")
    .replaceAll(rateInterval, "1m");
}

function find(slos: Slo[], kind: "bad" | "good"): Slo {
  const slo = slos.find((s) => s.indicator.kind === kind);
  if (slo === undefined) {
    throw new Error(`no ${kind}-event SLO in slo/`);
  }
  return slo;
}

function metricOf(slos: Slo[]): string {
  return parseSelector(find(slos, "bad").indicator.total)?.metric ?? "";
}

async function waitFor(prometheus: LocalPrometheus, expr: string): Promise<void> {
  for (let i = 0; i < 100; i++) {
    const answer = await prometheus.query(expr);
    if (Array.isArray(answer.result) && answer.result.length > 0) {
      return;
    }
    await sleep(200);
  }
  throw new Error(`prometheus never scraped ${expr}`);
}
