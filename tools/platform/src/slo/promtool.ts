import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { toYaml } from "./format.ts";
import type { RuleGroup } from "./rules.ts";

const run = promisify(execFile);

export interface PromtoolResult {
  ok: boolean;
  output: string;
}

/**
 * Runs `promtool test rules` on `tests` (the unit test file's content, without `rule_files`)
 * against `groups`, in a temporary folder removed afterwards.
 */
export async function promtoolTestRules(
  groups: RuleGroup[],
  tests: Record<string, unknown>,
): Promise<PromtoolResult> {
  const dir = await mkdtemp(join(tmpdir(), "slo-promtool-"));
  try {
    await writeFile(join(dir, "rules.yaml"), toYaml({ groups }));
    // Without an order promtool evaluates groups in map order, so an alert could read the
    // recordings of the previous evaluation on one run and of this one on the next.
    const order = { group_eval_order: groups.map((group) => group.name) };
    const file = { rule_files: ["rules.yaml"], ...order, ...tests };
    await writeFile(join(dir, "tests.yaml"), toYaml(file));
    try {
      const { stdout, stderr } = await run("promtool", ["test", "rules", "tests.yaml"], {
        cwd: dir,
        maxBuffer: 64 * 1024 * 1024,
      });
      return { ok: true, output: stdout + stderr };
    } catch (error) {
      const failed = error as { stdout?: string; stderr?: string; message: string };
      return { ok: false, output: `${failed.stdout ?? ""}${failed.stderr ?? failed.message}` };
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
