import { fileURLToPath } from "node:url";
import { run } from "../main.ts";
import { defaultReportDir } from "./command.ts";

/**
 * The repository's main demonstration: the staging canary with a healthy release, which must
 * be promoted, then the production blue-green with a faulty release, which must be rolled back.
 * Exits non-zero if either verdict is not the expected one.
 */
const repoRoot = fileURLToPath(new URL("../../../../", import.meta.url));
const timeScale = process.env.REHEARSE_TIME_SCALE ?? "20";

const rehearsals = [
  { overlay: "staging", scenario: "healthy", expect: "promoted" },
  { overlay: "production", scenario: "errors", expect: "aborted" },
] as const;

const started = Date.now();
let failures = 0;
for (const rehearsal of rehearsals) {
  process.stderr.write(
    `\n== ${rehearsal.overlay}: ${rehearsal.scenario} release, expecting ${rehearsal.expect} ==\n`,
  );
  const code = await run(
    [
      "rehearse",
      "--overlay",
      rehearsal.overlay,
      "--scenario",
      rehearsal.scenario,
      "--time-scale",
      timeScale,
      "--expect",
      rehearsal.expect,
    ],
    { stdout: process.stdout, stderr: process.stderr, cwd: repoRoot, env: process.env },
  );
  if (code !== 0) {
    failures++;
  }
}

const seconds = ((Date.now() - started) / 1000).toFixed(0);
process.stdout.write(
  `\n${failures === 0 ? "both verdicts as expected" : `${failures} verdict(s) not as expected`} ` +
    `in ${seconds}s; reports in ${defaultReportDir}/ (open the .html files in a browser)\n`,
);
process.exitCode = failures === 0 ? 0 : 1;
