import { asFields, asList, isPresent, type PodView, text } from "../pod-view.ts";
import type { CheckDefinition, Violation } from "./check.ts";

function check(pod: PodView): Violation[] {
  const violations: Violation[] = [];
  asList(pod.spec.volumes).forEach((item, index) => {
    const volume = asFields(item) ?? {};
    if (isPresent(volume.hostPath)) {
      violations.push({
        path: ["spec", "volumes", index, "hostPath"],
        expected: "no hostPath volume",
        found: `hostPath volume "${text(volume.name)}"`,
      });
    }
  });
  return violations;
}

export const hostPathVolumesId = "hostPathVolumes";

export const hostPathVolumes: CheckDefinition = {
  id: hostPathVolumesId,
  level: "baseline",
  versions: [{ minimumMinor: 0, check }],
};
