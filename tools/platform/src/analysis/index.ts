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
export {
  assessMeasurement,
  type MeasurementConditions,
  type MeasurementOutcome,
  type MeasurementPhase,
} from "./measurement.ts";
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
