import path from "node:path";
import { isRecord, objectRef } from "../../../manifests/objects.ts";
import type { FieldPath, Finding, Manifest, Rule, ValidationInput } from "../../model.ts";
import { CHART_CRD_GROUPS, provides, REPOSITORY_CRD_GROUPS } from "./crd-providers.ts";

const RULE_ID = "argo-cd";
const WAVE = "argocd.argoproj.io/sync-wave";
const SYNC_OPTIONS = "argocd.argoproj.io/sync-options";
const SKIP_DRY_RUN = "SkipDryRunOnMissingResource=true";
const APPLICATION_HEALTH = "resource.customizations.health.argoproj.io_Application";

/** Chart versions that move: empty, wildcards, ranges, or a branch. */
const FLOATING = /^$|[*^~<>|xX]|\s-\s|^latest$|^HEAD$|^(main|master)$/;

interface Source {
  source: Record<string, unknown>;
  at: FieldPath;
}

interface Application {
  manifest: Manifest;
  sources: Source[];
  wave: number;
  skipsDryRun: boolean;
  /** Groups (or group/Kind) whose CRDs this Application installs. */
  provides: string[];
}

export const argoCdRule: Rule = {
  id: RULE_ID,
  summary:
    "Applications pin chart versions and name a destination namespace; custom resources " +
    "wait for the Application that installs their CRDs (a later sync wave, or " +
    "SkipDryRunOnMissingResource)",
  why:
    "a floating chart version changes the cluster without a commit; a missing namespace lands " +
    "objects in default; a custom resource synced before its CRD fails its dry run",

  check(input: ValidationInput): Finding[] {
    const findings: Finding[] = [];
    const applications = input.manifests.filter(isApplication).map(readApplication);
    addRepositoryCrds(applications, input.manifests);

    for (const application of applications) {
      findings.push(...checkVersions(application), ...checkDestination(application));
      findings.push(...checkCrdOrder(application, applications, input.manifests));
    }
    findings.push(...checkWaveHealth(applications, input.manifests));
    return findings;
  },
};

function isApplication(manifest: Manifest): boolean {
  const { apiVersion, kind } = manifest.object;
  return kind === "Application" && apiVersion.startsWith("argoproj.io/");
}

function readApplication(manifest: Manifest): Application {
  const spec = isRecord(manifest.object.spec) ? manifest.object.spec : {};
  const sources: Source[] = [];
  if (isRecord(spec.source)) {
    sources.push({ source: spec.source, at: ["spec", "source"] });
  }
  if (Array.isArray(spec.sources)) {
    spec.sources.forEach((source, index) => {
      if (isRecord(source)) {
        sources.push({ source, at: ["spec", "sources", index] });
      }
    });
  }
  const annotations = manifest.object.metadata.annotations ?? {};
  const syncPolicy = isRecord(spec.syncPolicy) ? spec.syncPolicy : {};
  const options = Array.isArray(syncPolicy.syncOptions) ? syncPolicy.syncOptions : [];

  const provided = sources.flatMap(({ source }) => {
    if (typeof source.chart === "string") {
      return CHART_CRD_GROUPS[source.chart] ?? [];
    }
    const url = String(source.repoURL ?? "");
    return REPOSITORY_CRD_GROUPS.flatMap(([pattern, groups]) => (pattern.test(url) ? groups : []));
  });

  return {
    manifest,
    sources,
    wave: Number.parseInt(annotations[WAVE] ?? "0", 10) || 0,
    skipsDryRun: options.includes(SKIP_DRY_RUN),
    provides: provided,
  };
}

/** CRDs written in the repository are provided by the Application whose path holds them. */
function addRepositoryCrds(applications: Application[], manifests: readonly Manifest[]): void {
  for (const crd of manifests) {
    const spec = crd.object.spec;
    if (
      crd.object.kind !== "CustomResourceDefinition" ||
      !isRecord(spec) ||
      !isRecord(spec.names)
    ) {
      continue;
    }
    const entry = `${String(spec.group)}/${String(spec.names.kind)}`;
    for (const application of applications) {
      if (deployedBy(application, crd)) {
        application.provides.push(entry);
      }
    }
  }
}

function checkVersions(application: Application): Finding[] {
  return application.sources.flatMap(({ source, at }) => {
    if (typeof source.chart !== "string") {
      return [];
    }
    const version = source.targetRevision === undefined ? "" : String(source.targetRevision).trim();
    if (!FLOATING.test(version)) {
      return [];
    }
    return [
      finding(
        application.manifest,
        [...at, "targetRevision"],
        "error",
        `expected chart ${source.chart} pinned to one version in targetRevision, found ${version === "" ? "none" : JSON.stringify(version)}`,
      ),
    ];
  });
}

function checkDestination(application: Application): Finding[] {
  const spec = application.manifest.object.spec;
  const destination = isRecord(spec) && isRecord(spec.destination) ? spec.destination : undefined;
  if (
    destination !== undefined &&
    typeof destination.namespace === "string" &&
    destination.namespace !== ""
  ) {
    return [];
  }
  return [
    finding(
      application.manifest,
      ["spec", "destination", "namespace"],
      "error",
      "expected spec.destination.namespace, found none: namespaced objects without one land in " +
        "the namespace of the Application's service account context (default)",
    ),
  ];
}

/** Custom resources synced by this Application, and whether their CRD comes first. */
function checkCrdOrder(
  application: Application,
  applications: readonly Application[],
  manifests: readonly Manifest[],
): Finding[] {
  const findings: Finding[] = [];
  const reported = new Set<string>();

  for (const object of manifests.filter((manifest) => deployedBy(application, manifest))) {
    const [group, kind] = groupAndKind(object);
    if (group === "" || application.skipsDryRun || skipsDryRun(object)) {
      continue;
    }
    for (const provider of applications) {
      if (!provider.provides.some((entry) => provides(entry, group, kind))) {
        continue;
      }
      const name = provider.manifest.object.metadata.name ?? "";
      const sameApplication = provider === application;
      const ordered = sameApplication ? objectWave(object) > 0 : application.wave > provider.wave;
      if (ordered || reported.has(`${name}/${group}`)) {
        continue;
      }
      reported.add(`${name}/${group}`);
      const where = sameApplication
        ? "in the same sync: give the objects a later sync wave than the CRDs"
        : `(wave ${provider.wave}): give this Application a later ${WAVE} than ${provider.wave} (found ${application.wave})`;
      findings.push(
        finding(
          application.manifest,
          ["metadata", "annotations", WAVE],
          "error",
          `expected the CRD of ${kind} (${group}) to exist before ${object.object.kind} ` +
            `${object.object.metadata.name ?? ""} syncs; it comes from Application ${name} ` +
            `${where}, or set ${SKIP_DRY_RUN}`,
        ),
      );
    }
  }
  return findings;
}

/** Sync waves between Applications only wait when argocd-cm gives Applications a health. */
function checkWaveHealth(
  applications: readonly Application[],
  manifests: readonly Manifest[],
): Finding[] {
  const waves = new Set(applications.map((application) => application.wave));
  const config = manifests.find(
    (manifest) =>
      manifest.object.kind === "ConfigMap" && manifest.object.metadata.name === "argocd-cm",
  );
  if (waves.size < 2 || config === undefined) {
    return [];
  }
  const data = isRecord(config.object.data) ? config.object.data : {};
  if (typeof data[APPLICATION_HEALTH] === "string") {
    return [];
  }
  return [
    finding(
      config,
      ["data"],
      "warning",
      `expected data.${APPLICATION_HEALTH} (Applications use ${waves.size} sync waves, and ` +
        "since Argo CD 1.8 a wave does not wait for Applications without a health check), found none",
    ),
  ];
}

/** Whether an object is synced by an Application whose source is a path of this repository. */
function deployedBy(application: Application, manifest: Manifest): boolean {
  return application.sources.some(({ source }) => {
    if (typeof source.chart === "string" || typeof source.path !== "string") {
      return false;
    }
    const folder = path.posix.normalize(source.path).replace(/\/$/, "");
    if (manifest.renderedBy !== undefined) {
      return manifest.renderedBy === folder || manifest.renderedBy.startsWith(`${folder}/`);
    }
    const directory = isRecord(source.directory) ? source.directory : {};
    const file = manifest.source.file;
    return directory.recurse === true
      ? file.startsWith(`${folder}/`)
      : path.posix.dirname(file) === folder;
  });
}

function groupAndKind(manifest: Manifest): [string, string] {
  const { apiVersion, kind } = manifest.object;
  const slash = apiVersion.indexOf("/");
  return [slash < 0 ? "" : apiVersion.slice(0, slash), kind];
}

function skipsDryRun(manifest: Manifest): boolean {
  return (manifest.object.metadata.annotations?.[SYNC_OPTIONS] ?? "").includes(SKIP_DRY_RUN);
}

function objectWave(manifest: Manifest): number {
  return Number.parseInt(manifest.object.metadata.annotations?.[WAVE] ?? "0", 10) || 0;
}

function finding(
  manifest: Manifest,
  at: FieldPath,
  severity: Finding["severity"],
  message: string,
): Finding {
  return {
    ruleId: RULE_ID,
    severity,
    message,
    source: manifest.locate(at),
    object: objectRef(manifest),
  };
}
