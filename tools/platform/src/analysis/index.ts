export type {
  BinaryOperator,
  ConditionNode,
  ParsedCondition,
  UnaryOperator,
} from "./condition-ast.ts";
export {
  type ConditionResult,
  type ConditionValue,
  type Evaluation,
  evaluateCondition,
} from "./evaluate-condition.ts";
export { parseGoDuration } from "./go-duration.ts";
export {
  assessMeasurement,
  type MeasurementConditions,
  type MeasurementOutcome,
  type MeasurementPhase,
} from "./measurement.ts";
export { type MetricSpecProblem, metricSpecProblems } from "./metric-spec-problems.ts";
export {
  assessMetric,
  effectiveCount,
  emptyTally,
  type MetricAssessment,
  type MetricLimits,
  type MetricPhase,
  type MetricTally,
  metricDefaults,
  recordMeasurement,
  worstPhase,
} from "./metric-status.ts";
export { parseCondition } from "./parse-condition.ts";
export {
  formatFloat,
  type MappedResult,
  type PrometheusQueryData,
  resultFromPrometheus,
} from "./prometheus-result.ts";
