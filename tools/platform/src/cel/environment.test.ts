import { type CelValue, isCelError, isCelList } from "@bufbuild/cel";
import { describe, expect, it } from "vitest";
import { compileExpression } from "./environment.ts";
import { toCelInput } from "./values.ts";

const deployment = {
  kind: "Deployment",
  metadata: { name: "web", labels: { app: "web", tier: "frontend" } },
  spec: {
    replicas: 3,
    template: {
      spec: {
        automountServiceAccountToken: false,
        containers: [
          {
            name: "web",
            image: "ghcr.io/acme/web:1.2.3",
            resources: { limits: { memory: "128Mi" }, requests: { cpu: "100m" } },
          },
          { name: "sidecar", image: "docker.io/library/busybox:latest", resources: {} },
        ],
      },
    },
  },
};

const params = { data: { registries: "ghcr.io/acme/, registry.k8s.io/" } };

function evaluate(expression: string): unknown {
  const compiled = compileExpression(expression, ["object", "params"]);
  if (!compiled.ok) {
    throw new Error(compiled.message);
  }
  const result = compiled.evaluate({
    object: toCelInput(deployment),
    params: toCelInput(params),
  });
  if (isCelError(result)) {
    return new Error(result.message);
  }
  return plain(result);
}

function plain(value: CelValue): unknown {
  return isCelList(value) ? [...value].map(plain) : value;
}

const containers = "object.spec.template.spec.containers";

// Expressions in the style of Kubernetes ValidatingAdmissionPolicies, with the result the API
// server gives for the object above.
const table: [string, unknown][] = [
  ["has(object.spec.template.spec.containers)", true],
  ["has(object.spec.template.spec.initContainers)", false],
  ["has(object.metadata.labels.tier)", true],
  ["object.spec.replicas <= 5", true],
  ["object.spec.replicas == 3", true],
  ["object.spec.template.spec.automountServiceAccountToken == false", true],
  [`${containers}.all(c, c.image.contains(':'))`, true],
  [`${containers}.all(c, has(c.resources.limits) && has(c.resources.limits.memory))`, false],
  [`${containers}.exists(c, c.image.endsWith(':latest'))`, true],
  [`${containers}.exists_one(c, c.name == 'web')`, true],
  [`${containers}.exists_one(c, c.name.startsWith('s') || c.name == 'web')`, false],
  [`${containers}.filter(c, !has(c.resources.requests)).map(c, c.name)`, ["sidecar"]],
  [`${containers}.map(c, c.name).join(', ')`, "web, sidecar"],
  [`size(${containers}) == 2`, true],
  ["'app' in object.metadata.labels", true],
  ["object.kind == 'Pod' ? object.spec : object.spec.template.spec", "map"],
  ["object.metadata.name.upperAscii()", "WEB"],
  ["'Web-App'.lowerAscii()", "web-app"],
  ["'a,b,,c'.split(',')", ["a", "b", "", "c"]],
  ["'ghcr.io/acme/web:1.2.3'.lastIndexOf(':')", 16n],
  ["'ghcr.io/acme/web:1.2.3'.indexOf('/')", 7n],
  ["'ghcr.io/acme/web:1.2.3'.substring(17)", "1.2.3"],
  ["'  padded  '.trim()", "padded"],
  ["'latest'.replace('a', 'A')", "lAtest"],
  ["'registry.k8s.io/pause:3.9'.matches('^[a-z0-9.]+/[a-z]+:[0-9.]+$')", true],
  ["'image@sha256:abc'.find('sha256:[a-f0-9]+')", "sha256:abc"],
  ["'no digest here'.find('sha256:[a-f0-9]+')", ""],
  ["'a1b22c333'.findAll('[0-9]+')", ["1", "22", "333"]],
  ["'a1b22c333'.findAll('[0-9]+', 2)", ["1", "22"]],
  ["params.data.registries.split(',').map(r, r.trim())", ["ghcr.io/acme/", "registry.k8s.io/"]],
  [
    `${containers}.all(c, params.data.registries.split(',')` +
      ".exists(r, c.image.startsWith(r.trim())))",
    false,
  ],
  ["[3, 1, 2].isSorted()", false],
  ["['a', 'b', 'c'].isSorted()", true],
  ["[1, 2, 3].sum()", 6n],
  ["[1.5, 2.5].sum()", 4],
  ["[3, 1, 2].min()", 1n],
  ["['b', 'c', 'a'].max()", "c"],
  ["[1, 2, 3, 2].indexOf(2)", 1n],
  ["[1, 2, 3, 2].lastIndexOf(2)", 3n],
  ["[1, 2, 3, 2].indexOf(9)", -1n],
  ["[[1, 2], [3]].flatten()", [1n, 2n, 3n]],
  ["[1, 2, 2, 1].distinct()", [1n, 2n]],
  ["[3, 1, 2].sort()", [1n, 2n, 3n]],
  ["[1, 2, 3, 4].slice(1, 3)", [2n, 3n]],
  ["[].max()", new Error("max() called on an empty list")],
  ["quantity('128Mi').isLessThan(quantity('1Gi'))", true],
  ["quantity('1Gi') == quantity('1024Mi')", true],
  ["quantity('1.5') == quantity('1500m')", true],
  ["quantity('500m').isGreaterThan(quantity('1'))", false],
  ["quantity('1E') == quantity('1e18')", true],
  ["quantity('2k').compareTo(quantity('2000'))", 0n],
  ["quantity('250m').add(quantity('750m')).asInteger()", 1n],
  ["quantity('2Ki').sub(1024).asInteger()", 1024n],
  ["quantity('1.5').isInteger()", false],
  ["quantity('-3').sign()", -1n],
  ["quantity('100m').asApproximateFloat()", 0.1],
  ["quantity('1n').add(quantity('1n')).isGreaterThan(quantity('1n'))", true],
  ["isQuantity('1.5Gi')", true],
  ["isQuantity('1.5 Gi')", false],
  ["quantity('1.5').asInteger()", new Error("cannot convert value to integer")],
  ["quantity('lots')", new Error("quantities must match the regular expression")],
  [
    `${containers}.all(c, !has(c.resources.limits) ||
      quantity(c.resources.limits.memory).isLessThan(quantity('1Gi')))`,
    true,
  ],
  ["object.spec.missing", new Error("field not found: missing")],
  ["'((' .find('(')", new Error("missing closing )")],
];

describe("the CEL evaluator with the Kubernetes libraries", () => {
  it.each(table)("%s", (expression, expected) => {
    if (expected instanceof Error) {
      expect(() => {
        const outcome = evaluate(expression);
        if (outcome instanceof Error) {
          throw outcome;
        }
      }).toThrow(expected.message);
      return;
    }
    const outcome = evaluate(expression);
    if (expected === "map") {
      expect(outcome).toHaveProperty("size", 2);
      return;
    }
    expect(outcome).toEqual(expected);
  });

  it("names every function it does not provide instead of evaluating it", () => {
    const compiled = compileExpression("math.abs(-1) == base64.encode(object.x).size()", [
      "object",
    ]);

    expect(compiled).toEqual({
      ok: false,
      message:
        "uses function base64.encode, function math.abs, " +
        "which the offline evaluator does not provide",
      missing: ["function base64.encode", "function math.abs"],
      unknown: [],
    });
  });

  it("names a method alone when what makes its receiver is provided", () => {
    const compiled = compileExpression("object.x.allowed()", ["object"]);

    expect(compiled.ok ? [] : compiled.missing).toEqual(["function allowed"]);
  });

  it("reads optional fields and entries, which Kubernetes enables", () => {
    expect(evaluate("object.metadata.?labels[?'tier'].orValue('none')")).toBe("frontend");
    expect(evaluate("object.metadata.?annotations[?'team'].orValue('none')")).toBe("none");
    expect(evaluate("object.spec.?template.?spec.?hostNetwork.orValue(false)")).toBe(false);
  });

  it("names optional list and map entries, which this evaluator lacks", () => {
    const compiled = compileExpression("[?object.metadata.?name]", ["object"]);

    expect(compiled.ok ? [] : compiled.missing).toEqual([
      "optional list or map entries ([?x] or {?k: v})",
    ]);
  });

  it("reports a syntax error as one", () => {
    const compiled = compileExpression("object.spec.(", ["object"]);

    expect(compiled.ok ? "" : compiled.message).toMatch(/^could not parse: /);
  });

  it("names a library function by its qualified name", () => {
    const compiled = compileExpression("math.greatest([1, 2])", []);

    expect(compiled.ok ? [] : compiled.missing).toEqual(["function math.greatest"]);
  });

  it("names variables the environment does not declare", () => {
    const compiled = compileExpression(
      "authorizer.group('apps').check('get')",
      ["object"],
      ["authorizer"],
    );

    expect(compiled.ok).toBe(false);
    expect(compiled.ok ? [] : compiled.missing).toContain("variable authorizer");
  });

  it("tells a name Kubernetes does not declare either from one missing offline", () => {
    const compiled = compileExpression("object.metadata.name.startWith('demo') && x", ["object"]);

    expect(compiled).toEqual({
      ok: false,
      message:
        "uses function startWith, variable x, which neither CEL nor Kubernetes declares: " +
        "the API server refuses the expression",
      missing: [],
      unknown: ["function startWith", "variable x"],
    });
  });

  it("names two-variable comprehensions and cel.bind without mistaking their variables", () => {
    const all = compileExpression("{'a': 1}.all(k, v, k != '' && v > 0)", []);
    const bind = compileExpression("cel.bind(x, 1, x + 1) == 2", []);

    expect(all.ok ? [] : all.missing).toEqual(["two-variable comprehension all()"]);
    expect(bind.ok ? [] : bind.missing).toEqual(["function cel.bind"]);
  });

  it("does not mistake comprehension variables for free variables", () => {
    expect(compileExpression("[1, 2].all(x, x > 0)", []).ok).toBe(true);
  });
});
