import { describe, expect, it } from "vitest";
import { gibibyte } from "../kubernetes/quantity.ts";
import { repoRoot } from "./print-budget.ts";
import {
  addedBudget,
  addedGroups,
  type BudgetLine,
  formatBudget,
  isAdded,
  overBudget,
  readBudget,
  sumRequests,
} from "./resource-budget.ts";

const line = (group: string, cpuMillicores: number, memoryBytes: number): BudgetLine => ({
  group,
  component: group,
  source: "x",
  copies: 1,
  copiesReason: "replicas",
  each: { cpuMillicores, memoryBytes },
});

describe("the resource budget", () => {
  it("keeps this week's additions within 1 CPU and 1 GiB of requests", async () => {
    const lines = await readBudget(repoRoot);
    const added = sumRequests(lines.filter((entry) => isAdded(entry.group)));

    process.stdout.write(`\n${formatBudget(lines)}\n`);
    expect(overBudget(added, addedBudget, "Istio, Argo Rollouts, Falco and Trivy")).toEqual([]);
  });

  it("reads a request for every component it budgets, each group included", async () => {
    const lines = await readBudget(repoRoot);
    const groups = new Set(lines.map((entry) => entry.group));

    for (const group of [...addedGroups, "monitoring", "demo-app"]) {
      expect(groups).toContain(group);
    }
    for (const entry of lines) {
      expect(entry.each.cpuMillicores, `${entry.component} CPU`).toBeGreaterThan(0);
      expect(entry.each.memoryBytes, `${entry.component} memory`).toBeGreaterThan(0);
    }
  });

  it("multiplies DaemonSets by the number of nodes", async () => {
    const one = sumRequests(await readBudget(repoRoot, 1));
    const three = sumRequests(await readBudget(repoRoot, 3));

    expect(three.memoryBytes).toBeGreaterThan(one.memoryBytes);
  });

  it("reports a total over the limit for CPU and memory, naming both numbers", () => {
    const total = sumRequests([line("istio", 700, gibibyte), line("falco", 400, 1)]);

    expect(overBudget(total, addedBudget, "additions")).toEqual([
      "additions: expected CPU requests of at most 1000m, found 1100m",
      "additions: expected memory requests of at most 1024 MiB, found 1024 MiB",
    ]);
  });
});
