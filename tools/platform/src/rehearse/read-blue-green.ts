import type { FieldReader } from "./field-reader.ts";
import type { BlueGreenStrategy } from "./model.ts";
import { type RenderedObject, readAnalysis } from "./read-analysis.ts";
import { requireService } from "./require-service.ts";

/** Upstream default for blue-green (FACTS.md). */
const defaultScaleDownDelaySeconds = 30;

/** Reads `spec.strategy.blueGreen` with upstream's defaults. */
export function readBlueGreen(
  blueGreen: FieldReader,
  objects: readonly RenderedObject[],
  namespace: string,
  notes: string[],
): BlueGreenStrategy {
  const activeService = blueGreen.requiredString("activeService");
  requireService(blueGreen, "activeService", activeService, objects, namespace);
  const previewService = blueGreen.string("previewService");
  if (previewService) {
    requireService(blueGreen, "previewService", previewService, objects, namespace);
  }
  const autoPromotionEnabled = blueGreen.boolean("autoPromotionEnabled") ?? true;
  const autoPromotionSeconds = blueGreen.integer("autoPromotionSeconds");
  const scaleDownDelaySeconds =
    blueGreen.integer("scaleDownDelaySeconds") ?? defaultScaleDownDelaySeconds;
  blueGreen.ignore(
    "previewReplicaCount",
    "abortScaleDownDelaySeconds",
    "scaleDownDelayRevisionLimit",
  );
  blueGreen.ignore("antiAffinity", "activeMetadata", "previewMetadata");
  const pre = blueGreen.object("prePromotionAnalysis");
  const post = blueGreen.object("postPromotionAnalysis");
  blueGreen.done();

  const prePromotionAnalysis = pre ? readAnalysis(pre, objects, namespace) : undefined;
  pre?.done();
  const postPromotionAnalysis = post ? readAnalysis(post, objects, namespace) : undefined;
  post?.done();
  if (prePromotionAnalysis && !previewService) {
    notes.push(
      "prePromotionAnalysis without previewService: " +
        "the new revision gets no traffic before promotion",
    );
  }
  return {
    kind: "blueGreen",
    activeService,
    previewService,
    autoPromotionEnabled,
    autoPromotionSeconds,
    scaleDownDelaySeconds,
    prePromotionAnalysis,
    postPromotionAnalysis,
  };
}
