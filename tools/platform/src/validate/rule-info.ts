import { INPUT_RULES } from "../manifests/input-rules.ts";
import type { Rule } from "./model.ts";

/** What output needs to know of a rule: its id and the two lines of the rule table. */
export type RuleInfo = Pick<Rule, "id" | "summary" | "why">;

/** The loader's own findings, described like rules so every finding has a table row. */
export const inputRules: readonly RuleInfo[] = [
  {
    id: INPUT_RULES.yaml,
    summary: "every YAML and JSON file parses, with no duplicate keys",
    why: "kubectl and Argo CD reject the whole file, or silently keep one of two keys",
  },
  {
    id: INPUT_RULES.kustomize,
    summary: "every kustomization builds with kubectl kustomize",
    why: "an overlay that does not build syncs nothing, and Argo CD only says so after the push",
  },
  {
    id: INPUT_RULES.manifest,
    summary:
      "every YAML file is Kubernetes objects or Helm values an Application names; files in a " +
      "kustomization folder are listed in it; values files exist",
    why: "a file nothing applies is a change that never reaches the cluster",
  },
];

/** The README's rule table, as Markdown. */
export function ruleTable(rules: readonly RuleInfo[]): string {
  const rows = rules.map((rule) => `| \`${rule.id}\` | ${rule.summary} | ${rule.why} |\n`);
  return `| id | what it checks | why |\n|---|---|---|\n${rows.join("")}`;
}
