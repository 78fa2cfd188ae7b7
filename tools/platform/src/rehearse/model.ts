import type { ConditionNode } from "../analysis/index.ts";

/** Where a field came from in the rendered output, for errors: "Rollout demo-app spec.x". */
export type FieldRef = string;

/** An analysis argument as the Rollout passes it. */
export type RolloutArg =
  | { name: string; value: string }
  | { name: string; podTemplateHash: "Stable" | "Latest" }
  | { name: string; fieldPath: string };

/** One metric of an AnalysisTemplate, durations already in milliseconds (unscaled). */
export interface MetricSpec {
  name: string;
  /** The template that defined it, for messages. */
  template: string;
  intervalMs: number | undefined;
  initialDelayMs: number;
  count: number | undefined;
  failureLimit: number;
  inconclusiveLimit: number;
  consecutiveErrorLimit: number;
  successCondition?: { text: string; ast: ConditionNode };
  failureCondition?: { text: string; ast: ConditionNode };
  /** The query with `{{args.x}}` placeholders still in it. */
  query: string;
  /** The address the template names; the rehearsal queries its own Prometheus instead. */
  address: string;
  timeoutMs: number;
  /** Measured and shown, but its outcome never decides the run (spec.dryRun). */
  dryRun: boolean;
}

/** The templates an analysis references, merged, and the args the Rollout passes them. */
export interface AnalysisSpec {
  templates: string[];
  metrics: MetricSpec[];
  /** Template defaults first, overridden by the Rollout's args. */
  templateArgs: { name: string; value: string | undefined }[];
  rolloutArgs: RolloutArg[];
}

export type CanaryStep =
  | { kind: "setWeight"; weight: number; index: number }
  | { kind: "pause"; durationMs: number | undefined; index: number }
  /** Sizes the canary only; with traffic routing it moves no traffic (upstream canary.go). */
  | { kind: "setCanaryScale"; scale: string; index: number }
  | { kind: "analysis"; analysis: AnalysisSpec; index: number };

export interface CanaryStrategy {
  kind: "canary";
  steps: CanaryStep[];
  background: (AnalysisSpec & { startingStep: number }) | undefined;
  /** Optional without trafficRouting, as upstream. */
  stableService: string | undefined;
  canaryService: string | undefined;
  /** Whether the Rollout routes traffic (weights exact) or relies on replica counts. */
  trafficRouting: string | undefined;
}

export interface BlueGreenStrategy {
  kind: "blueGreen";
  activeService: string;
  previewService: string | undefined;
  autoPromotionEnabled: boolean;
  autoPromotionSeconds: number | undefined;
  scaleDownDelaySeconds: number;
  prePromotionAnalysis: AnalysisSpec | undefined;
  postPromotionAnalysis: AnalysisSpec | undefined;
}

/** The container the rehearsal starts for each revision. */
export interface PodTemplate {
  labels: Record<string, string>;
  env: Record<string, string>;
  containerPort: number;
}

/** Everything the rehearsal needs from the rendered overlay. */
export interface RolloutPlan {
  name: string;
  namespace: string;
  metadata: { labels: Record<string, string>; annotations: Record<string, string> };
  template: PodTemplate;
  strategy: CanaryStrategy | BlueGreenStrategy;
  /** Fields read but without effect on one machine (replicas, surge), said once in the output. */
  notes: string[];
}
