import { asFields, asList, isPresent, type PodView, text } from "../pod-view.ts";
import type { CheckDefinition, Violation } from "./check.ts";
import { hostPathVolumesId } from "./host-path-volumes.ts";

/** Inline volume sources restricted pods may use; every other source is refused. */
const allowedSources = [
  "configMap",
  "csi",
  "downwardAPI",
  "emptyDir",
  "ephemeral",
  "image",
  "persistentVolumeClaim",
  "projected",
  "secret",
];

/**
 * The sources restricted refuses. A volume with none of the known sources is decoded without
 * them and defaulted to emptyDir by the API server (SetDefaults_Volume), so it passes.
 */
const refusedSources = [
  "hostPath",
  "gcePersistentDisk",
  "awsElasticBlockStore",
  "gitRepo",
  "nfs",
  "iscsi",
  "glusterfs",
  "rbd",
  "flexVolume",
  "cinder",
  "cephfs",
  "flocker",
  "fc",
  "azureFile",
  "vsphereVolume",
  "quobyte",
  "azureDisk",
  "photonPersistentDisk",
  "portworxVolume",
  "scaleIO",
  "storageos",
];

function check(pod: PodView): Violation[] {
  const violations: Violation[] = [];
  asList(pod.spec.volumes).forEach((item, index) => {
    const volume = asFields(item) ?? {};
    if (allowedSources.some((source) => isPresent(volume[source]))) {
      return;
    }
    const source = refusedSources.find((name) => isPresent(volume[name]));
    if (source === undefined) {
      return;
    }
    violations.push({
      path: ["spec", "volumes", index, source],
      expected: `a volume of type ${allowedSources.join(", ")}`,
      found: `volume "${text(volume.name)}" of type ${source}`,
    });
  });
  return violations;
}

export const restrictedVolumes: CheckDefinition = {
  id: "restrictedVolumes",
  level: "restricted",
  versions: [{ minimumMinor: 0, check, overrides: [hostPathVolumesId] }],
};
