import { selectorMatches } from "../../../kubernetes/label-selector.ts";
import { isRecord } from "../../../manifests/objects.ts";
import type { FieldPath, Manifest } from "../../model.ts";
import type { ObjectIndex } from "./object-index.ts";

export interface Problem {
  manifest: Manifest;
  path: FieldPath;
  message: string;
  severity: "error" | "warning";
}

/** The Gateway API traffic router plugin's name in Argo Rollouts' trafficRouterPlugins. */
const GATEWAY_API_PLUGIN = "argoproj-labs/gatewayAPI";

/** The route kinds the plugin shifts weights on, and its config fields for each. */
const ROUTE_FIELDS = [
  { kind: "HTTPRoute", field: "httpRoute" },
  { kind: "GRPCRoute", field: "grpcRoute" },
  { kind: "TCPRoute", field: "tcpRoute" },
  { kind: "TLSRoute", field: "tlsRoute" },
] as const;

/** `httpRoute: name` and `httpRoutes: [{name}]` (likewise for the other kinds), with paths. */
function routeNames(
  gateway: Record<string, unknown>,
  field: string,
  at: FieldPath,
): [string, FieldPath][] {
  const names: [string, FieldPath][] = [];
  const single = gateway[field];
  if (typeof single === "string") {
    names.push([single, [...at, field]]);
  }
  const list = gateway[`${field}s`];
  if (Array.isArray(list)) {
    list.forEach((route, i) => {
      if (isRecord(route) && typeof route.name === "string") {
        names.push([route.name, [...at, `${field}s`, i, "name"]]);
      }
    });
  }
  return names;
}

const SERVICES = [
  ["canary", "canaryService"],
  ["canary", "stableService"],
  ["blueGreen", "activeService"],
  ["blueGreen", "previewService"],
] as const;

/** Services, AnalysisTemplates and HTTPRoutes a Rollout names. */
export function checkRollout(rollout: Manifest, index: ObjectIndex): Problem[] {
  const problems: Problem[] = [];
  const spec = isRecord(rollout.object.spec) ? rollout.object.spec : {};
  const strategy = isRecord(spec.strategy) ? spec.strategy : {};
  const namespace = rollout.object.metadata.namespace;
  const template =
    isRecord(spec.template) && isRecord(spec.template.metadata) ? spec.template.metadata : {};
  const podLabels = isRecord(template.labels) ? (template.labels as Record<string, string>) : {};
  const report = (path: FieldPath, message: string) =>
    problems.push({ manifest: rollout, path, message, severity: "error" });

  for (const [kind, field] of SERVICES) {
    const block = strategy[kind];
    const name = isRecord(block) ? block[field] : undefined;
    if (typeof name !== "string") {
      continue;
    }
    const path = ["spec", "strategy", kind, field];
    const service = index.find("Service", namespace, name);
    if (service === undefined) {
      report(
        path,
        `expected Service ${name} (${field}) in namespace ${namespace ?? "(none)"}, found none`,
      );
      continue;
    }
    const selector = isRecord(service.object.spec) ? service.object.spec.selector : undefined;
    if (
      !isRecord(selector) ||
      !selectorMatches({ matchLabels: selector as Record<string, string> }, podLabels)
    ) {
      report(
        path,
        `expected Service ${name} (${field}) to select the Rollout's pods, found selector ` +
          `${JSON.stringify(selector ?? {})} against pod labels ${JSON.stringify(podLabels)}`,
      );
    }
  }

  for (const analysis of analysisBlocks(strategy)) {
    problems.push(...checkAnalysis(rollout, analysis.block, analysis.path, index));
  }

  const canary = isRecord(strategy.canary) ? strategy.canary : {};
  const routing = isRecord(canary.trafficRouting) ? canary.trafficRouting : {};
  const plugins = isRecord(routing.plugins) ? routing.plugins : {};
  const gateway = plugins[GATEWAY_API_PLUGIN];
  if (isRecord(gateway)) {
    const at = ["spec", "strategy", "canary", "trafficRouting", "plugins", GATEWAY_API_PLUGIN];
    const routeNamespace = typeof gateway.namespace === "string" ? gateway.namespace : namespace;
    const where = `in namespace ${routeNamespace ?? "(none)"} for the Gateway API plugin`;
    for (const { kind, field } of ROUTE_FIELDS) {
      for (const [name, path] of routeNames(gateway, field, at)) {
        if (index.find(kind, routeNamespace, name) === undefined) {
          report(path, `expected ${kind} ${name} ${where}, found none`);
        }
      }
      const selector = gateway[`${field}Selector`];
      if (isRecord(selector)) {
        const routes = index.ofKind(kind, routeNamespace);
        const labels = (route: Manifest) => route.object.metadata.labels ?? {};
        if (!routes.some((route) => selectorMatches(selector, labels(route)))) {
          report(
            [...at, `${field}Selector`],
            `expected ${field}Selector ${JSON.stringify(selector)} ` +
              `to select an ${kind} ${where}, found none`,
          );
        }
      }
    }
  }
  return problems;
}

interface AnalysisBlock {
  block: Record<string, unknown>;
  path: FieldPath;
}

/** Background analysis, analysis steps, and blue-green pre- and post-promotion analysis. */
function analysisBlocks(strategy: Record<string, unknown>): AnalysisBlock[] {
  const blocks: AnalysisBlock[] = [];
  const canary = isRecord(strategy.canary) ? strategy.canary : {};
  const blueGreen = isRecord(strategy.blueGreen) ? strategy.blueGreen : {};
  if (isRecord(canary.analysis)) {
    blocks.push({ block: canary.analysis, path: ["spec", "strategy", "canary", "analysis"] });
  }
  if (Array.isArray(canary.steps)) {
    canary.steps.forEach((step, i) => {
      if (isRecord(step) && isRecord(step.analysis)) {
        blocks.push({
          block: step.analysis,
          path: ["spec", "strategy", "canary", "steps", i, "analysis"],
        });
      }
    });
  }
  for (const field of ["prePromotionAnalysis", "postPromotionAnalysis"]) {
    const block = blueGreen[field];
    if (isRecord(block)) {
      blocks.push({ block, path: ["spec", "strategy", "blueGreen", field] });
    }
  }
  return blocks;
}

/** Every template exists, and every argument without a default is supplied. */
function checkAnalysis(
  rollout: Manifest,
  block: Record<string, unknown>,
  path: FieldPath,
  index: ObjectIndex,
): Problem[] {
  const problems: Problem[] = [];
  const namespace = rollout.object.metadata.namespace;
  const supplied = new Set(
    (Array.isArray(block.args) ? block.args : []).flatMap((arg) =>
      isRecord(arg) && typeof arg.name === "string" ? [arg.name] : [],
    ),
  );
  const templates = Array.isArray(block.templates) ? block.templates : [];
  templates.forEach((ref, i) => {
    if (!isRecord(ref) || typeof ref.templateName !== "string") {
      return;
    }
    const at = [...path, "templates", i, "templateName"];
    const kind = ref.clusterScope === true ? "ClusterAnalysisTemplate" : "AnalysisTemplate";
    const template = index.find(
      kind,
      ref.clusterScope === true ? undefined : namespace,
      ref.templateName,
    );
    if (template === undefined) {
      const scope = ref.clusterScope === true ? "" : ` in namespace ${namespace ?? "(none)"}`;
      problems.push({
        manifest: rollout,
        path: at,
        message: `expected ${kind} ${ref.templateName}${scope}, found none`,
        severity: "error",
      });
      return;
    }
    const spec = isRecord(template.object.spec) ? template.object.spec : {};
    for (const arg of Array.isArray(spec.args) ? spec.args : []) {
      if (!isRecord(arg) || typeof arg.name !== "string") {
        continue;
      }
      if (arg.value === undefined && arg.valueFrom === undefined && !supplied.has(arg.name)) {
        problems.push({
          manifest: rollout,
          path: [...path, "args"],
          message:
            `expected arg ${arg.name} for ${kind} ${ref.templateName} (it has no default), found ` +
            "none: Argo Rollouts cannot start the analysis and the rollout stalls",
          severity: "error",
        });
      }
    }
  });
  return problems;
}
