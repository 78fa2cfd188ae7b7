/**
 * Kubernetes label selectors (metav1.LabelSelector): matchLabels and matchExpressions with In,
 * NotIn, Exists and DoesNotExist, all ANDed. An empty selector matches everything; a missing
 * one is the caller's business (NetworkPolicy reads a missing podSelector in a peer as "any").
 * Semantics: k8s.io/apimachinery, pkg/apis/meta/v1/helpers.go LabelSelectorAsSelector and
 * pkg/labels/selector.go.
 *
 * Two ways in: parseLabelSelector checks a selector as written and gives a Selector (the
 * requirements, as labels.Selector holds them) to match and print; selectorMatches matches a
 * selector already typed as LabelSelector directly.
 */

import { isRecord } from "../manifests/objects.ts";

export type Labels = Readonly<Record<string, string>>;

export type Operator = "In" | "NotIn" | "Exists" | "DoesNotExist";

export interface Requirement {
  key: string;
  operator: Operator;
  values: readonly string[];
}

/** A selector as written in a manifest (metav1.LabelSelector). */
export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: LabelSelectorRequirement[];
}

export interface LabelSelectorRequirement {
  key: string;
  operator: Operator;
  values?: string[];
}

/** A selector read into its requirements (labels.Selector). */
export interface Selector {
  requirements: readonly Requirement[];
}

export type ParsedSelector = { ok: true; selector: Selector } | { ok: false; message: string };

export const matchEverything: Selector = { requirements: [] };

const operators: readonly Operator[] = ["In", "NotIn", "Exists", "DoesNotExist"];

/** Label names and values: apimachinery util/validation IsQualifiedName, IsValidLabelValue. */
const namePattern = /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
const subdomainPattern = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const nameRule =
  "at most 63 characters, alphanumerics with '-', '_' or '.' inside, alphanumeric at both ends";

/** Why `key` is no label key (an optional DNS subdomain prefix and "/", then a name). */
function keyProblem(key: string): string | undefined {
  const parts = key.split("/");
  if (parts.length > 2) {
    return "expected at most one '/'";
  }
  const name = parts.at(-1) ?? "";
  if (parts.length === 2) {
    const prefix = parts[0] ?? "";
    if (prefix.length === 0 || prefix.length > 253 || !subdomainPattern.test(prefix)) {
      return "expected its prefix to be a lower-case DNS subdomain of at most 253 characters";
    }
  }
  if (name.length === 0 || name.length > 63 || !namePattern.test(name)) {
    return `expected its name to be ${nameRule}`;
  }
  return undefined;
}

/** Why `value` is no label value (empty is allowed). */
function valueProblem(value: string): string | undefined {
  if (value === "" || (value.length <= 63 && namePattern.test(value))) {
    return undefined;
  }
  return `expected empty or ${nameRule}`;
}

function parseExpression(value: unknown, index: number): Requirement | string {
  const where = `matchExpressions[${index}]`;
  if (!isRecord(value)) {
    return `${where}: expected an object, found ${JSON.stringify(value)}`;
  }
  const { key, operator } = value;
  if (typeof key !== "string" || key === "") {
    return `${where}.key: expected a label key, found ${JSON.stringify(key)}`;
  }
  const op = operators.find((candidate) => candidate === operator);
  if (op === undefined) {
    const found = JSON.stringify(operator);
    return `${where}.operator: expected In, NotIn, Exists or DoesNotExist, found ${found}`;
  }

  const badKey = keyProblem(key);
  if (badKey !== undefined) {
    return `${where}.key: key ${JSON.stringify(key)}: ${badKey}`;
  }

  const values = Array.isArray(value.values) ? value.values.map(String) : [];
  for (const [i, item] of values.entries()) {
    const badValue = valueProblem(item);
    if (badValue !== undefined) {
      return `${where}.values[${i}]: value ${JSON.stringify(item)}: ${badValue}`;
    }
  }
  const needsValues = op === "In" || op === "NotIn";
  if (needsValues && values.length === 0) {
    return `${where}.values: expected at least one value for ${op}, found none`;
  }
  if (!needsValues && values.length > 0) {
    return `${where}.values: expected no values for ${op}, found ${values.length}`;
  }
  return { key, operator: op, values };
}

/** Reads a selector as written; null or undefined reads as the empty selector. */
export function parseLabelSelector(value: unknown): ParsedSelector {
  if (value === undefined || value === null) {
    return { ok: true, selector: matchEverything };
  }
  if (!isRecord(value)) {
    return { ok: false, message: `expected a label selector, found ${JSON.stringify(value)}` };
  }

  const requirements: Requirement[] = [];
  const matchLabels = value.matchLabels ?? {};
  if (!isRecord(matchLabels)) {
    return {
      ok: false,
      message: `matchLabels: expected a map, found ${JSON.stringify(matchLabels)}`,
    };
  }
  for (const [key, labelValue] of Object.entries(matchLabels)) {
    const badKey = keyProblem(key);
    if (badKey !== undefined) {
      return { ok: false, message: `matchLabels: key ${JSON.stringify(key)}: ${badKey}` };
    }
    const badValue = valueProblem(String(labelValue));
    if (badValue !== undefined) {
      const shown = JSON.stringify(String(labelValue));
      return { ok: false, message: `matchLabels.${key}: value ${shown}: ${badValue}` };
    }
    requirements.push({ key, operator: "In", values: [String(labelValue)] });
  }

  const expressions = value.matchExpressions ?? [];
  if (!Array.isArray(expressions)) {
    const found = JSON.stringify(expressions);
    return { ok: false, message: `matchExpressions: expected a list, found ${found}` };
  }
  for (const [index, expression] of expressions.entries()) {
    const requirement = parseExpression(expression, index);
    if (typeof requirement === "string") {
      return { ok: false, message: requirement };
    }
    requirements.push(requirement);
  }
  return { ok: true, selector: { requirements } };
}

function satisfies(requirement: Requirement, labels: Labels): boolean {
  const present = Object.hasOwn(labels, requirement.key);
  const value = labels[requirement.key];
  switch (requirement.operator) {
    case "In":
      return present && requirement.values.includes(value ?? "");
    case "NotIn":
      return !present || !requirement.values.includes(value ?? "");
    case "Exists":
      return present;
    case "DoesNotExist":
      return !present;
  }
}

export function matchesLabels(selector: Selector, labels: Labels): boolean {
  return selector.requirements.every((requirement) => satisfies(requirement, labels));
}

/** Whether `labels` match a selector as written; a missing selector matches everything. */
export function selectorMatches(selector: LabelSelector | undefined, labels: Labels): boolean {
  if (selector === undefined) {
    return true;
  }

  const fromLabels = Object.entries(selector.matchLabels ?? {}).map(
    ([key, value]): Requirement => ({ key, operator: "In", values: [value] }),
  );
  const fromExpressions = (selector.matchExpressions ?? []).map(
    ({ key, operator, values }): Requirement => ({ key, operator, values: values ?? [] }),
  );
  return matchesLabels({ requirements: [...fromLabels, ...fromExpressions] }, labels);
}

export function isEmptySelector(selector: Selector): boolean {
  return selector.requirements.length === 0;
}

/** "app=web,tier in (a,b),!legacy" — the way kubectl prints selectors. */
export function formatSelector(selector: Selector): string {
  if (isEmptySelector(selector)) {
    return "{} (everything)";
  }
  return selector.requirements
    .map(({ key, operator, values }) => {
      if (operator === "Exists") {
        return key;
      }
      if (operator === "DoesNotExist") {
        return `!${key}`;
      }
      if (operator === "In" && values.length === 1) {
        return `${key}=${values[0]}`;
      }
      return `${key} ${operator === "In" ? "in" : "notin"} (${values.join(",")})`;
    })
    .join(",");
}
