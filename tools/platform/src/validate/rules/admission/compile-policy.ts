import { type CompiledExpression, compileExpression } from "../../../cel/environment.ts";
import type { FieldPath } from "../../model.ts";
import { formatPath } from "../shared/format-path.ts";
import type { Policy, Validation } from "./policy-model.ts";

/** Variables Kubernetes declares for matchConditions; `authorizer` is not available offline. */
const CONDITION_VARIABLES = ["object", "oldObject", "request", "params", "namespaceObject"];
const EXPRESSION_VARIABLES = [...CONDITION_VARIABLES, "variables"];
const UNAVAILABLE_VARIABLES = ["authorizer"];

export interface CompileProblem {
  path: FieldPath;
  message: string;
}

export interface CompiledValidation {
  validation: Validation;
  /** Unset when the expression, or a variable it uses, cannot be evaluated here. */
  program?: CompiledExpression;
  messageProgram?: CompiledExpression;
}

/** A policy's expressions, compiled once, with what could not be compiled reported once. */
export interface CompiledPolicy {
  policy: Policy;
  problems: CompileProblem[];
  /** False when some matchCondition cannot be evaluated: matching cannot be decided offline. */
  conditionsUsable: boolean;
  matchConditions: { name: string; program: CompiledExpression }[];
  variables: Map<string, CompiledExpression>;
  validations: CompiledValidation[];
}

export function compilePolicy(policy: Policy): CompiledPolicy {
  const problems: CompileProblem[] = [];
  const missing = new Map<string, FieldPath[]>();
  const compile = (text: string, path: FieldPath, names: readonly string[]) => {
    // A missing or blank expression is the reader's finding already.
    if (text.trim() === "") {
      return undefined;
    }
    const compiled = compileExpression(text, names, UNAVAILABLE_VARIABLES);
    if (compiled.ok) {
      return compiled;
    }
    if (compiled.missing.length === 0) {
      problems.push({ path, message: `${formatPath(path)}: ${compiled.message}` });
    }
    for (const name of compiled.missing) {
      missing.set(name, [...(missing.get(name) ?? []), path]);
    }
    return undefined;
  };

  const matchConditions: CompiledPolicy["matchConditions"] = [];
  let conditionsUsable = true;
  for (const condition of policy.matchConditions) {
    const program = compile(
      condition.expression,
      [...condition.path, "expression"],
      CONDITION_VARIABLES,
    );
    if (program) {
      matchConditions.push({ name: condition.name, program });
    } else {
      conditionsUsable = false;
    }
  }

  const variables = new Map<string, CompiledExpression>();
  const unusable = new Set<string>();
  for (const variable of policy.variables) {
    const program = compile(
      variable.expression,
      [...variable.path, "expression"],
      EXPRESSION_VARIABLES,
    );
    if (program && !usesAny(variable.expression, unusable)) {
      variables.set(variable.name, program);
    } else {
      unusable.add(variable.name);
    }
  }

  const validations = policy.validations.map((validation): CompiledValidation => {
    const program = compile(
      validation.expression,
      [...validation.path, "expression"],
      EXPRESSION_VARIABLES,
    );
    const messageProgram =
      validation.messageExpression === undefined
        ? undefined
        : compile(
            validation.messageExpression,
            [...validation.path, "messageExpression"],
            EXPRESSION_VARIABLES,
          );
    const usable = program && !usesAny(validation.expression, unusable);
    return {
      validation,
      program: usable ? program : undefined,
      messageProgram:
        messageProgram && !usesAny(validation.messageExpression ?? "", unusable)
          ? messageProgram
          : undefined,
    };
  });

  // Once per policy and missing name, however many expressions use it.
  for (const [name, paths] of missing) {
    const where = paths.map(formatPath).join(", ");
    problems.push({
      path: paths[0] ?? [],
      message: `${name} is not provided by the offline CEL evaluator; not checked: ${where}`,
    });
  }

  return { policy, problems, conditionsUsable, matchConditions, variables, validations };
}

function usesAny(expression: string, variables: ReadonlySet<string>): boolean {
  return [...variables].some((name) => new RegExp(`\\bvariables\\.${name}\\b`).test(expression));
}
