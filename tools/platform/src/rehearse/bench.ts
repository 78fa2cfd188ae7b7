import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { formatMs } from "./durations.ts";
import type { Outcome } from "./events.ts";
import { rehearse } from "./rehearse.ts";
import type { ScenarioName } from "./scenarios.ts";

/**
 * Runs each scenario several times and prints how many verdicts matched the expectation and
 * how long each took to reach its verdict. Not a test: it takes minutes.
 *   npm run bench:rehearse --workspace tools/platform -- --runs 10 --time-scale 20
 */
const repoRoot = fileURLToPath(new URL("../../../../", import.meta.url));
const { values } = parseArgs({
  options: {
    runs: { type: "string", default: "10" },
    "time-scale": { type: "string", default: "20" },
    only: { type: "string" },
  },
});
const runs = Number(values.runs);
const timeScale = Number(values["time-scale"]);

const scenarios: { overlay: string; scenario: ScenarioName; expect: Outcome }[] = [
  { overlay: "staging", scenario: "healthy", expect: "promoted" },
  { overlay: "staging", scenario: "errors", expect: "aborted" },
  { overlay: "staging", scenario: "slow", expect: "aborted" },
  { overlay: "production", scenario: "healthy", expect: "promoted" },
  { overlay: "production", scenario: "errors", expect: "aborted" },
  { overlay: "production", scenario: "slow", expect: "aborted" },
];

const rows: string[] = [];
for (const scenario of scenarios) {
  const name = `${scenario.overlay} ${scenario.scenario}`;
  if (values.only && !name.includes(values.only)) {
    continue;
  }
  let matched = 0;
  const toVerdict: number[] = [];
  for (let i = 0; i < runs; i++) {
    const result = await rehearse({
      overlay: scenario.overlay,
      repoRoot,
      scenario: scenario.scenario,
      set: [],
      timeScale,
      promotePauses: false,
      rate: 20,
      scrapeIntervalMs: 1000,
      scaleQueryWindows: false,
      stableVersion: "previous",
      timeoutMs: 600_000,
      env: process.env,
    });
    const verdictAt = result.events.find((event) => event.type === "verdict")?.at ?? Number.NaN;
    const rolloutAt = result.events.find((event) => event.type === "traffic")?.at ?? 0;
    toVerdict.push(verdictAt - rolloutAt);
    if (result.verdict.outcome === scenario.expect) {
      matched++;
    }
    process.stderr.write(
      `${name} #${i + 1}: ${result.verdict.outcome} after ${formatMs(verdictAt - rolloutAt)} ` +
        `(${formatMs(result.durationMs)} with start and stop)\n`,
    );
  }
  const sorted = [...toVerdict].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
  rows.push(
    `| ${name} | ${scenario.expect} | ${matched}/${runs} | ` +
      `${formatMs(sorted[0] ?? Number.NaN)} | ` +
      `${formatMs(median)} | ${formatMs(sorted.at(-1) ?? Number.NaN)} |`,
  );
}

process.stdout.write(
  `\ntime scale ${timeScale}, scrapes every 1s, 20 requests/s; ` +
    "time to verdict from the start of the rollout\n\n" +
    "| scenario | expected | matched | fastest | median | slowest |\n|---|---|---|---|---|---|\n" +
    `${rows.join("\n")}\n`,
);
