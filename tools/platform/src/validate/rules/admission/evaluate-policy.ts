import { type CelInput, type CelResult, type CelValue, celMap, isCelError } from "@bufbuild/cel";
import type { CompiledExpression } from "../../../cel/environment.ts";
import { toCelInput } from "../../../cel/values.ts";
import type { K8sObject } from "../../model.ts";
import type { CompiledPolicy, CompiledValidation } from "./compile-policy.ts";
import type { AdmissionRequest } from "./request.ts";

export interface Violation {
  message: string;
  reason: string;
}

/** The outcome of one policy, one binding's parameter, one object. */
export type Verdict = { kind: "not-matched" } | { kind: "evaluated"; violations: Violation[] };

export interface EvaluationContext {
  request: AdmissionRequest;
  params: K8sObject | null;
  namespaceObject: K8sObject | null;
}

/**
 * Runs matchConditions, then every validation, as the API server's validator does: a false
 * condition skips the policy, an error is a failure subject to failurePolicy, and a false
 * validation is a violation carrying the policy's message.
 */
export function evaluatePolicy(compiled: CompiledPolicy, context: EvaluationContext): Verdict {
  const failClosed = compiled.policy.failurePolicy === "Fail";
  const activation = buildActivation(compiled, context);

  const conditionErrors: Violation[] = [];
  for (const condition of compiled.matchConditions) {
    const result = condition.program.evaluate(activation);
    if (result === false) {
      return { kind: "not-matched" };
    }
    if (result !== true) {
      conditionErrors.push(failure(`matchCondition ${condition.name}`, result));
    }
  }
  if (conditionErrors.length > 0) {
    return { kind: "evaluated", violations: failClosed ? conditionErrors : [] };
  }

  const violations: Violation[] = [];
  for (const validation of compiled.validations) {
    const violation = runValidation(validation, activation, failClosed);
    if (violation) {
      violations.push(violation);
    }
  }
  return { kind: "evaluated", violations };
}

function runValidation(
  compiled: CompiledValidation,
  activation: Record<string, CelInput>,
  failClosed: boolean,
): Violation | undefined {
  const { validation, program, messageProgram } = compiled;
  if (program === undefined) {
    return undefined;
  }

  const result = program.evaluate(activation);
  if (result === true) {
    return undefined;
  }
  if (result !== false) {
    return failClosed
      ? failure(`expression ${JSON.stringify(validation.expression)}`, result)
      : undefined;
  }

  return {
    message: messageFor(compiled, messageProgram, activation),
    reason: validation.reason ?? "Invalid",
  };
}

/**
 * messageExpression wins when it gives a non-empty single-line string; otherwise message, and
 * without either the failed expression itself, as the API server words it.
 */
function messageFor(
  compiled: CompiledValidation,
  messageProgram: CompiledExpression | undefined,
  activation: Record<string, CelInput>,
): string {
  const text = messageProgram?.evaluate(activation);
  if (typeof text === "string" && text.trim() !== "" && !text.includes("\n")) {
    return text.trim();
  }
  const { message, expression } = compiled.validation;
  return message?.trim() || `failed expression: ${expression.trim()}`;
}

function failure(what: string, result: CelResult): Violation {
  const cause = isCelError(result) ? result.message : `expected a bool, found ${describe(result)}`;
  return { message: `${what} could not be evaluated: ${cause}`, reason: "InternalError" };
}

function describe(value: CelValue): string {
  return typeof value === "string" ? JSON.stringify(value) : typeof value;
}

function buildActivation(
  compiled: CompiledPolicy,
  context: EvaluationContext,
): Record<string, CelInput> {
  const { request } = context;
  const activation: Record<string, CelInput> = {
    object: toCelInput(request.object),
    oldObject: null,
    params: toCelInput(context.params),
    namespaceObject: toCelInput(context.namespaceObject),
    request: toCelInput(requestFields(request)),
  };
  activation.variables = celMap(new LazyVariables(compiled.variables, activation));
  return activation;
}

/** The admission.k8s.io AdmissionRequest fields an expression may read. */
function requestFields(request: AdmissionRequest): Record<string, unknown> {
  const { type, object } = request;
  const kind = { group: type.group, version: type.version, kind: object.kind };
  const resource = { group: type.group, version: type.version, resource: type.resource };
  return {
    kind,
    resource,
    requestKind: kind,
    requestResource: resource,
    subResource: request.subresource,
    name: request.name,
    namespace: request.namespace ?? "",
    operation: request.operation,
    userInfo: { username: "", groups: [] },
    dryRun: true,
  };
}

/**
 * `variables` as a map whose entries are computed on first use, so a variable that fails only
 * matters to the expressions that read it (Kubernetes evaluates variables lazily too).
 */
class LazyVariables implements ReadonlyMap<string, CelInput> {
  readonly #programs: ReadonlyMap<string, CompiledExpression>;
  readonly #activation: Record<string, CelInput>;
  readonly #values = new Map<string, CelResult>();

  constructor(
    programs: ReadonlyMap<string, CompiledExpression>,
    activation: Record<string, CelInput>,
  ) {
    this.#programs = programs;
    this.#activation = activation;
  }

  get size(): number {
    return this.#programs.size;
  }

  get(name: string): CelInput | undefined {
    const program = this.#programs.get(name);
    if (program === undefined) {
      return undefined;
    }
    let value = this.#values.get(name);
    if (value === undefined) {
      value = program.evaluate(this.#activation);
      this.#values.set(name, value);
    }
    if (isCelError(value)) {
      throw new Error(`variable ${name}: ${value.message}`);
    }
    return value;
  }

  has(name: string): boolean {
    return this.#programs.has(name);
  }

  keys(): MapIterator<string> {
    return this.#programs.keys();
  }

  *entries(): MapIterator<[string, CelInput]> {
    for (const name of this.#programs.keys()) {
      yield [name, this.get(name) ?? null];
    }
  }

  *values(): MapIterator<CelInput> {
    for (const [, value] of this.entries()) {
      yield value;
    }
  }

  forEach(
    callback: (value: CelInput, key: string, map: ReadonlyMap<string, CelInput>) => void,
  ): void {
    for (const [key, value] of this.entries()) {
      callback(value, key, this);
    }
  }

  [Symbol.iterator](): MapIterator<[string, CelInput]> {
    return this.entries();
  }
}
