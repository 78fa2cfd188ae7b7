/**
 * bootstrap/up.sh cannot run here (no Docker, no cluster). What can be proven: it checks its
 * arguments, and everything it applies exists and renders: Argo CD's kustomization (against a
 * stand-in for the upstream manifest, which needs the network), the root Application, and every
 * Application the root syncs, down to their directories and Helm value files.
 */
import { execFile } from "node:child_process";
import { access, cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { parseAllDocuments } from "yaml";
import { repoRoot } from "./print-budget.ts";

const run = promisify(execFile);
const script = join(repoRoot, "bootstrap/up.sh");

interface Outcome {
  code: number;
  stdout: string;
  stderr: string;
}

async function up(...args: string[]): Promise<Outcome> {
  try {
    const { stdout, stderr } = await run("bash", [script, ...args], {
      env: { ...process.env, PATH: "/usr/bin:/bin" },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

type K8sObject = { kind?: string; metadata?: { name?: string }; spec?: Record<string, unknown> };

async function kustomize(dir: string): Promise<K8sObject[]> {
  const { stdout } = await run("kubectl", ["kustomize", dir], { maxBuffer: 64 * 1024 * 1024 });
  return parseAllDocuments(stdout).map((document) => document.toJS() as K8sObject);
}

/** The directories the plan applies with `kubectl apply ... -k <dir>`, relative to the root. */
function appliedDirectories(plan: string): string[] {
  return [...plan.matchAll(/ -k (\S+)/g)].map((match) => relative(repoRoot, match[1] ?? ""));
}

describe("bootstrap/up.sh arguments", () => {
  it("prints its usage with --help and exits 0", async () => {
    const outcome = await up("--help");

    expect(outcome.code).toBe(0);
    expect(outcome.stdout).toContain("Usage: bootstrap/up.sh");
    for (const option of ["--context", "--name", "--timeout", "--dry-run"]) {
      expect(outcome.stdout).toContain(option);
    }
  });

  it.each([
    [["--colour"], "unknown argument '--colour'"],
    [["--context"], "--context needs a value"],
    [["--timeout", "--dry-run"], "--timeout needs a value"],
    [["--timeout", "ten"], "--timeout expects a whole number of seconds, found 'ten'"],
    [["--timeout", "0"], "found '0'"],
    [["--name", "My_Cluster"], "--name expects a lowercase DNS label"],
  ])("refuses %j with exit code 2 and says why", async (args, message) => {
    const outcome = await up(...args, "--dry-run");

    expect(outcome.code).toBe(2);
    expect(outcome.stderr).toContain(message);
    expect(outcome.stderr).toContain("--help");
  });

  it("says which tool is missing instead of failing half way", async () => {
    const outcome = await up("--name", "demo");

    if (outcome.code === 0) {
      throw new Error("expected up.sh to stop: this machine has no kind or Docker");
    }
    expect(outcome.code).toBe(2);
    expect(outcome.stderr).toMatch(/(kind|docker) is not installed/);
  });

  it("creates a kind cluster only when no context is given", async () => {
    const kind = await up("--dry-run", "--name", "demo");
    const given = await up("--dry-run", "--context", "orbstack");

    expect(kind.stderr).toContain("+ kind create cluster --name demo");
    expect(kind.stderr).toContain("--context kind-demo");
    expect(given.stderr).not.toContain("kind create cluster");
    expect(given.stderr).toContain("--context orbstack");
  });
});

describe("what bootstrap/up.sh applies", () => {
  it("applies Argo CD and then the root Application", async () => {
    const plan = (await up("--dry-run")).stderr;

    expect(appliedDirectories(plan)).toEqual(["bootstrap/argocd", "bootstrap/root"]);
  });

  it("pins Argo CD to one release and patches it with the platform's settings", async () => {
    const dir = join(repoRoot, "bootstrap/argocd");
    const kustomization = await readFile(join(dir, "kustomization.yaml"), "utf8");
    const upstream = /^\s*- (https:\/\/\S+)$/m.exec(kustomization)?.[1] ?? "";

    expect(upstream).toMatch(/\/argo-cd\/v\d+\.\d+\.\d+\/manifests\/install\.yaml$/);

    const copy = await mkdtemp(join(tmpdir(), "argocd-kustomization-"));
    try {
      await cp(dir, copy, { recursive: true });
      await writeFile(
        join(copy, "kustomization.yaml"),
        kustomization.replace(upstream, "stand-in.yaml"),
      );
      await writeFile(join(copy, "stand-in.yaml"), upstreamStandIn);
      const objects = await kustomize(copy);
      const cm = objects.find((o) => o.kind === "ConfigMap" && o.metadata?.name === "argocd-cm");
      const server = JSON.stringify(objects.find((o) => o.metadata?.name === "argocd-server"));

      expect(Object.keys((cm as { data?: object } | undefined)?.data ?? {})).toEqual([
        "resource.customizations.health.argoproj.io_Application",
        "resource.customizations.ignoreDifferences.gateway.networking.k8s.io_HTTPRoute",
      ]);
      expect(server).toContain("quay.io/argoprojlabs/argocd-extension-installer:v0.0.8");
      expect(server).toContain("rollout-extension/releases/download/v0.3.7/extension.tar");
    } finally {
      await rm(copy, { recursive: true, force: true });
    }
  });

  it("renders the root Application, syncing bootstrap/apps from the configured repo", async () => {
    const objects = await kustomize(join(repoRoot, "bootstrap/root"));
    const root = objects.find((o) => o.kind === "Application");
    const repository = (await kustomize(join(repoRoot, "bootstrap/repository")))[0];

    expect(objects.map((o) => o.kind)).toEqual(["Application"]);
    expect(root?.spec?.source).toMatchObject({ path: "bootstrap/apps" });
    expect(repository).toBeUndefined();
  });

  it("points each Application the root syncs at existing directories and value files", async () => {
    const objects = await kustomize(join(repoRoot, "bootstrap/apps"));
    const applications = objects.filter((o) => o.kind === "Application");
    const own = (
      await readFile(join(repoRoot, "bootstrap/repository/repository.yaml"), "utf8")
    ).match(/url: (\S+)/)?.[1];

    expect(applications.length).toBeGreaterThan(15);
    expect(JSON.stringify(objects)).not.toMatch(/REPOSITORY_(URL|REVISION)/);

    for (const application of applications) {
      for (const source of sourcesOf(application)) {
        // bootstrap/argocd fetches the upstream manifest; the stand-in test above renders it.
        if (source.repoURL === own && source.path && source.path !== "bootstrap/argocd") {
          await kustomize(join(repoRoot, source.path));
        }
        for (const file of source.helm?.valueFiles ?? []) {
          await access(join(repoRoot, file.replace(/^\$values\//, "")));
        }
      }
    }
  });
});

interface Source {
  repoURL?: string;
  path?: string;
  helm?: { valueFiles?: string[] };
}

function sourcesOf(application: K8sObject): Source[] {
  const spec = application.spec ?? {};
  return spec.sources ? (spec.sources as Source[]) : [spec.source as Source];
}

/** The two upstream objects the platform patches, with only the fields a patch needs. */
const upstreamStandIn = `apiVersion: v1
kind: ConfigMap
metadata:
  name: argocd-cm
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: argocd-server
spec:
  template:
    spec:
      containers:
        - name: argocd-server
          image: quay.io/argoproj/argocd:stand-in
`;
