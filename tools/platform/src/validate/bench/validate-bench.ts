/**
 * How fast `platform validate` is: the whole repository through the real command, and the
 * checks alone (rendering excluded) on a generated corpus of a few thousand objects.
 * Run with `npm run bench:validate --workspace tools/platform`. A benchmark, not a test: it
 * prints figures and fails nothing.
 */
import { execFileSync } from "node:child_process";
import path from "node:path";
import { loadRepository } from "../../manifests/load-repository.ts";
import type { K8sObject, Manifest, ValidationInput } from "../model.ts";
import { rules } from "../rules/index.ts";
import { runRules } from "../run-rules.ts";

const repoRoot = path.resolve(import.meta.dirname, "../../../../..");
const bin = path.resolve(import.meta.dirname, "../../../bin/platform.ts");
const RUNS = 5;
const CORPUS_OBJECTS = 3000;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

function wholeRepository(): number {
  const times: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const started = performance.now();
    try {
      execFileSync(process.execPath, [bin, "validate"], { cwd: repoRoot, stdio: "ignore" });
    } catch {
      // Findings exit 1; the time is what counts here.
    }
    times.push(performance.now() - started);
  }
  return median(times);
}

/** Copies of the repository's own objects, each copy in its own namespaces, up to `size`. */
function corpus(input: ValidationInput, size: number): ValidationInput {
  const manifests: Manifest[] = [];
  for (let copy = 0; manifests.length < size; copy++) {
    for (const manifest of input.manifests) {
      const object = structuredClone(manifest.object) as K8sObject;
      if (object.metadata.namespace !== undefined) {
        object.metadata.namespace = `${object.metadata.namespace}-${copy}`;
      }
      if (object.kind === "Namespace") {
        object.metadata.name = `${object.metadata.name}-${copy}`;
      } else if (object.metadata.namespace === undefined) {
        object.metadata.name = `${object.metadata.name}-${copy}`;
      }
      manifests.push({ ...manifest, object });
    }
  }
  return { ...input, manifests };
}

async function checksPerSecond(
  input: ValidationInput,
): Promise<{ objects: number; perSecond: number }> {
  await runRules(rules, input);
  const times: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const started = performance.now();
    await runRules(rules, input);
    times.push(performance.now() - started);
  }
  const seconds = median(times) / 1000;
  return { objects: input.manifests.length, perSecond: input.manifests.length / seconds };
}

const repository = await loadRepository(repoRoot);
if (repository.manifests.length === 0) {
  process.stderr.write("the repository has no manifests to copy into a corpus\n");
  process.exit(2);
}
const whole = wholeRepository();
const checks = await checksPerSecond(corpus(repository, CORPUS_OBJECTS));

process.stdout.write(
  `whole repository (${repository.manifests.length} objects, ${repository.kustomizations} ` +
    `kustomizations, node bin/platform.ts validate, median of ${RUNS}): ` +
    `${(whole / 1000).toFixed(2)} s (target < 2 s)\n` +
    `checks only, rendering excluded (${checks.objects} generated objects, ` +
    `${rules.length} rules, ` +
    `median of ${RUNS}): ${Math.round(checks.perSecond)} objects/s (target >= 2000)\n`,
);
