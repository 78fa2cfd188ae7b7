/**
 * Prints the platform's resource budget as the README shows it:
 *   node tools/platform/src/budget/print-budget.ts [nodes]
 */
import { fileURLToPath } from "node:url";
import { formatBudget, readBudget } from "./resource-budget.ts";

export const repoRoot = fileURLToPath(new URL("../../../../", import.meta.url));

export async function main(args: readonly string[], out: NodeJS.WritableStream): Promise<number> {
  const nodes = args[0] === undefined ? 1 : Number(args[0]);
  if (!Number.isInteger(nodes) || nodes < 1) {
    process.stderr.write(`print-budget: expected a whole number of nodes, found "${args[0]}"\n`);
    return 2;
  }
  out.write(formatBudget(await readBudget(repoRoot, nodes)));
  return 0;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  process.exitCode = await main(process.argv.slice(2), process.stdout);
}
