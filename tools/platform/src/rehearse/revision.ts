import { createHash, randomBytes } from "node:crypto";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { targetLabels } from "../contract/telemetry.ts";
import type { ScrapeTarget } from "../prometheus/index.ts";
import { freePort } from "../prometheus/index.ts";
import type { PodTemplate } from "./model.ts";
import type { ManagedChild, Supervisor } from "./supervisor.ts";

/** The label Argo Rollouts stamps on every pod of a revision. */
export const podTemplateHashLabel = "rollouts-pod-template-hash";
const versionLabel = "app.kubernetes.io/version";

/** One revision of the Rollout as the rehearsal runs it: one demo-app process. */
export interface Revision {
  role: "stable" | "new";
  hash: string;
  pod: string;
  version: string;
  labels: Record<string, string>;
  env: Record<string, string>;
  url: string;
  child: ManagedChild;
}

export interface RevisionTemplate {
  role: "stable" | "new";
  labels: Record<string, string>;
  env: Record<string, string>;
}

/**
 * The pod template of a revision: the rendered one, with the version and the environment the
 * role asks for. The stable revision stands for what already runs; the new one is the release,
 * and gets the scenario's faults.
 */
export function revisionTemplate(
  template: PodTemplate,
  role: "stable" | "new",
  version: string,
  extraEnv: Record<string, string>,
): RevisionTemplate {
  const labels = { ...template.labels, [versionLabel]: version };
  const env = { ...template.env, ...extraEnv, VERSION: version };
  return { role, labels, env };
}

/**
 * A stand-in for Argo Rollouts' pod template hash: ten characters from Kubernetes' safe
 * alphabet, derived from the template, so each revision gets its own stable value.
 */
export function podTemplateHash(template: RevisionTemplate): string {
  const alphabet = "bcdfghjklmnpqrstvwxz2456789";
  const digest = createHash("sha256")
    .update(JSON.stringify([template.labels, template.env]))
    .digest();
  return [...digest.subarray(0, 10)].map((byte) => alphabet[byte % alphabet.length]).join("");
}

/** Starts the demo app for a revision on a free loopback port and waits until it answers. */
export async function startRevision(
  supervisor: Supervisor,
  template: RevisionTemplate,
  rollout: string,
  repoRoot: string,
): Promise<Revision> {
  const hash = podTemplateHash(template);
  const pod = `${rollout}-${hash}-${randomBytes(3).toString("hex").slice(0, 5)}`;
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    ...template.env,
    PORT: String(port),
    HOST: "127.0.0.1",
    // A pod waits for endpoints to drain before it stops; a local process need not.
    SHUTDOWN_DELAY: "0",
    SHUTDOWN_TIMEOUT: "2s",
    LOG_LEVEL: "warn",
  };
  const main = join(repoRoot, "applications", "demo-app", "src", "main.ts");
  const child = supervisor.spawn(
    `demo-app ${template.role} (${hash})`,
    process.execPath,
    [main],
    env,
    repoRoot,
  );
  const url = `http://127.0.0.1:${port}`;
  await waitUntilServing(url, child);
  const labels = { ...template.labels, [podTemplateHashLabel]: hash };
  const version = template.env.VERSION ?? "";
  return { role: template.role, hash, pod, version, labels, env: template.env, url, child };
}

async function waitUntilServing(url: string, child: ManagedChild): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    if (child.process.exitCode !== null || child.process.signalCode !== null) {
      throw new Error(
        `${child.name} exited while starting: ${child.recentOutput() || "no output"}`,
      );
    }
    try {
      const response = await fetch(`${url}/metrics`, { signal: AbortSignal.timeout(1_000) });
      await response.arrayBuffer();
      if (response.ok) {
        return;
      }
    } catch {
      // Not listening yet.
    }
    await sleep(100);
  }
  throw new Error(`${child.name} did not answer on ${url} within 15s: ${child.recentOutput()}`);
}

/**
 * The scrape target of a revision, labelled as the cluster's PodMonitor relabelling labels it
 * (contract/telemetry.ts): namespace and pod from the pod, the rest from its labels.
 */
export function scrapeTarget(revision: Revision, namespace: string): ScrapeTarget {
  const labels: Record<string, string> = {
    [targetLabels.namespace.label]: namespace,
    [targetLabels.pod.label]: revision.pod,
  };
  for (const entry of Object.values(targetLabels)) {
    const value = entry.fromPodLabel ? revision.labels[entry.fromPodLabel] : undefined;
    if (value !== undefined) {
      labels[entry.label] = value;
    }
  }
  return { address: new URL(revision.url).host, labels };
}
