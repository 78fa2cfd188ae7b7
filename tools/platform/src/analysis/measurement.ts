import type { ConditionNode } from "./condition-ast.ts";
import { type ConditionResult, evaluateCondition } from "./evaluate-condition.ts";

/** The phase of one measurement, as Argo Rollouts names it. */
export type MeasurementPhase = "Successful" | "Failed" | "Inconclusive" | "Error";

export interface MeasurementConditions {
  success?: ConditionNode;
  failure?: ConditionNode;
}

export interface MeasurementOutcome {
  phase: MeasurementPhase;
  /** Why, in a few words: the condition that decided, or the evaluation error. */
  message: string;
}

/**
 * The phase of one measurement from its result (argo-rollouts utils/evaluate EvaluateResult):
 * no condition at all is Successful; with only a success condition, false is Failed; with only a
 * failure condition, false is Successful; with both, a true failure condition wins (Failed even
 * when the success condition is true too), and neither true is Inconclusive. An evaluation error
 * in either condition is an Error measurement.
 */
export function assessMeasurement(
  conditions: MeasurementConditions,
  result: ConditionResult,
): MeasurementOutcome {
  let success = false;
  let failure = false;

  if (conditions.success) {
    const evaluation = evaluateCondition(conditions.success, result);
    if (!evaluation.ok) {
      return { phase: "Error", message: `successCondition: ${evaluation.message}` };
    }
    success = evaluation.value;
  }
  if (conditions.failure) {
    const evaluation = evaluateCondition(conditions.failure, result);
    if (!evaluation.ok) {
      return { phase: "Error", message: `failureCondition: ${evaluation.message}` };
    }
    failure = evaluation.value;
  }

  if (!conditions.success && !conditions.failure) {
    return { phase: "Successful", message: "no condition" };
  }
  if (conditions.success && !conditions.failure) {
    failure = !success;
  }
  if (!conditions.success && conditions.failure) {
    success = !failure;
  }

  if (failure) {
    return {
      phase: "Failed",
      message: conditions.failure ? "failureCondition is true" : "successCondition is false",
    };
  }
  if (!success) {
    return { phase: "Inconclusive", message: "neither condition is true" };
  }
  return {
    phase: "Successful",
    message: conditions.success ? "successCondition is true" : "failureCondition is false",
  };
}
