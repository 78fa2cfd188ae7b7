import path from "node:path";
import {
  type ApplicationSource,
  applicationSources,
} from "../../../manifests/application-sources.ts";
import { isRecord, objectRef } from "../../../manifests/objects.ts";
import type { FieldPath, Finding, Manifest, Rule, ValidationInput } from "../../model.ts";
import { CHART_CRD_GROUPS, REPOSITORY_CRD_GROUPS } from "./crd-providers.ts";

const RULE_ID = "argo-cd";
const WAVE = "argocd.argoproj.io/sync-wave";
const SYNC_OPTIONS = "argocd.argoproj.io/sync-options";
const SKIP_DRY_RUN = "SkipDryRunOnMissingResource=true";
const APPLICATION_HEALTH = "resource.customizations.health.argoproj.io_Application";

/** Chart versions that move: empty, wildcards, ranges, or a branch. */
const FLOATING = /^$|[*^~<>|xX]|\s-\s|^latest$|^HEAD$|^(main|master)$/;

interface Application {
  manifest: Manifest;
  sources: ApplicationSource[];
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
    "SkipDryRunOnMissingResource); sync waves between Applications have the Application " +
    "health check in argocd-cm they need to wait",
  why:
    "a floating chart version changes the cluster without a commit; a missing namespace lands " +
    "objects in default; a custom resource synced before its CRD fails its dry run",

  check(input: ValidationInput): Finding[] {
    const findings: Finding[] = [];
    const applications = input.manifests.filter(isApplication).map(readApplication);
    const folders = new FolderIndex(input.manifests);
    addRepositoryCrds(applications, input.manifests);
    const providers = providerIndex(applications);

    for (const application of applications) {
      findings.push(...checkVersions(application), ...checkDestination(application));
      findings.push(...checkCrdOrder(application, providers, folders.deployedBy(application)));
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
  const sources = applicationSources(spec);
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
        `expected chart ${source.chart} pinned to one version in targetRevision, ` +
          `found ${version === "" ? "none" : JSON.stringify(version)}`,
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
      "expected spec.destination.namespace, found none: namespaced objects that name no " +
        "namespace of their own land in the default namespace",
    ),
  ];
}

/** Applications by what they provide ("group" or "group/Kind"). */
function providerIndex(applications: readonly Application[]): Map<string, Application[]> {
  const index = new Map<string, Application[]>();
  for (const application of applications) {
    for (const entry of new Set(application.provides)) {
      const list = index.get(entry) ?? [];
      list.push(application);
      index.set(entry, list);
    }
  }
  return index;
}

/** Custom resources synced by this Application, and whether their CRD comes first. */
function checkCrdOrder(
  application: Application,
  providers: ReadonlyMap<string, Application[]>,
  deployed: readonly Manifest[],
): Finding[] {
  const findings: Finding[] = [];
  const reported = new Set<string>();
  if (application.skipsDryRun) {
    return findings;
  }

  for (const object of deployed) {
    const [group, kind] = groupAndKind(object);
    if (group === "" || skipsDryRun(object)) {
      continue;
    }
    const candidates = [
      ...(providers.get(group) ?? []),
      ...(providers.get(`${group}/${kind}`) ?? []),
    ];
    for (const provider of candidates) {
      const name = provider.manifest.object.metadata.name ?? "";
      const sameApplication = provider === application;
      const ordered = sameApplication ? objectWave(object) > 0 : application.wave > provider.wave;
      if (ordered || reported.has(`${name}/${group}`)) {
        continue;
      }
      reported.add(`${name}/${group}`);
      const where = sameApplication
        ? "in the same sync: give the objects a later sync wave than the CRDs"
        : `(wave ${provider.wave}): give this Application a later ${WAVE} ` +
          `than ${provider.wave} (found ${application.wave})`;
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
        "since Argo CD 1.8 a wave does not wait for Applications without a health check), " +
        "found none",
    ),
  ];
}

/** The folder an Application's source path names, when it is a path of this repository. */
function sourceFolders(application: Application): { folder: string; recurse: boolean }[] {
  return application.sources.flatMap(({ source }) => {
    if (typeof source.chart === "string" || typeof source.path !== "string") {
      return [];
    }
    const directory = isRecord(source.directory) ? source.directory : {};
    const folder = path.posix.normalize(source.path).replace(/\/$/, "");
    return [{ folder, recurse: directory.recurse === true }];
  });
}

/**
 * Which objects an Application syncs: those a kustomization in its path rendered, or the plain
 * manifests in its folder (and below with directory.recurse). Indexed by folder once, since a
 * repository has many objects and few folders.
 */
class FolderIndex {
  readonly #rendered = new Map<string, Manifest[]>();
  readonly #plain = new Map<string, Manifest[]>();

  constructor(manifests: readonly Manifest[]) {
    for (const manifest of manifests) {
      const [map, key] =
        manifest.renderedBy === undefined
          ? [this.#plain, path.posix.dirname(manifest.source.file)]
          : [this.#rendered, manifest.renderedBy];
      const list = map.get(key) ?? [];
      list.push(manifest);
      map.set(key, list);
    }
  }

  deployedBy(application: Application): Manifest[] {
    const found: Manifest[] = [];
    for (const { folder, recurse } of sourceFolders(application)) {
      const inside = (key: string) => key === folder || key.startsWith(`${folder}/`);
      for (const [key, list] of this.#rendered) {
        if (inside(key)) {
          found.push(...list);
        }
      }
      for (const [key, list] of this.#plain) {
        if (recurse ? inside(key) : key === folder) {
          found.push(...list);
        }
      }
    }
    return found;
  }
}

/** Whether an object is synced by an Application (for the few CRDs of the repository). */
function deployedBy(application: Application, manifest: Manifest): boolean {
  return new FolderIndex([manifest]).deployedBy(application).length > 0;
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
