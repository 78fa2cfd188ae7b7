import type { Rule } from "../model.ts";
import { admissionRule } from "./admission/index.ts";
import { analysisRule } from "./analysis/analysis-rule.ts";
import { argoCdRule } from "./argo-cd/argo-cd-rule.ts";
import { imagesResourcesRule } from "./images-resources/images-resources-rule.ts";
import { networkRule } from "./network/network-rule.ts";
import { podSecurityRule } from "./pod-security/pod-security-rule.ts";
import { promqlRule } from "./promql/promql-rule.ts";
import { referencesRule } from "./references/references-rule.ts";
import { rolloutRule } from "./rollout/rollout-rule.ts";
import { schemaRule } from "./schema/schema-rule.ts";

/**
 * Every rule `platform validate` runs, in the order of the README's rule table.
 * A rule joins with one import above and one entry here.
 */
export const rules: readonly Rule[] = [
  schemaRule,
  podSecurityRule,
  networkRule,
  referencesRule,
  promqlRule,
  rolloutRule,
  analysisRule,
  imagesResourcesRule,
  argoCdRule,
  admissionRule,
];
