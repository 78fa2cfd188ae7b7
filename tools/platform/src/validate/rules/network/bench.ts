/**
 * Throughput of the pod-security and network rules alone (no loading, no rendering), on a
 * corpus made by repeating this folder's and pod-security's fixtures in numbered namespaces.
 * Run: node tools/platform/src/validate/rules/network/bench.ts [copies]
 */

import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Finding, ValidationInput } from "../../model.ts";
import { manifestsFromYaml } from "../../test-support/manifests.ts";
import { checkPodSecurity } from "../pod-security/pod-security-rule.ts";
import { checkNetwork } from "./network-rule.ts";

function fixture(...path: string[]): string {
  return readFileSync(join(import.meta.dirname, ...path), "utf8");
}

function corpus(copies: number): ValidationInput {
  const templates = [
    fixture("..", "pod-security", "testdata", "restricted-fail.yaml"),
    fixture("testdata", "ambient-fail.yaml"),
    fixture("testdata", "scrape-and-ports-fail.yaml"),
  ];
  const documents: string[] = [];
  for (let i = 0; i < copies; i += 1) {
    templates.forEach((text, t) => {
      documents.push(text.replaceAll(/\b(shop|api)\b/g, (name) => `${name}-${i}-${t}`));
    });
  }
  return { manifests: manifestsFromYaml(documents.join("\n---\n"), "corpus.yaml"), helmValues: [] };
}

function measure(
  name: string,
  check: (input: ValidationInput) => Finding[],
  input: ValidationInput,
) {
  check(input);
  const started = performance.now();
  const findings = check(input);
  const seconds = (performance.now() - started) / 1000;
  const rate = Math.round(input.manifests.length / seconds);
  const line = `${name}: ${input.manifests.length} objects, ${findings.length} findings`;
  process.stdout.write(`${line}, ${(seconds * 1000).toFixed(0)} ms, ${rate} objects/s\n`);
}

const input = corpus(Number(process.argv[2] ?? 200));
measure("pod-security", checkPodSecurity, input);
measure("network", checkNetwork, input);
