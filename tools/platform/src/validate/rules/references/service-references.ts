import { type LabelSelector, selectorMatches } from "../../../kubernetes/label-selector.ts";
import { isRecord } from "../../../manifests/objects.ts";
import type { Manifest } from "../../model.ts";
import type { ObjectIndex } from "./object-index.ts";
import type { Problem } from "./rollout-references.ts";

/** A Service's selector selects some pod template of its namespace. */
export function checkService(service: Manifest, index: ObjectIndex): Problem[] {
  const spec = isRecord(service.object.spec) ? service.object.spec : {};
  const selector = spec.selector;
  const namespace = service.object.metadata.namespace;
  // No selector: endpoints are managed by hand (or it is an ExternalName); nothing to select.
  if (
    !isRecord(selector) ||
    Object.keys(selector).length === 0 ||
    hiddenByCharts(namespace, index)
  ) {
    return [];
  }
  const matchLabels = selector as Record<string, string>;
  const selects = index
    .templatesIn((other) => sameNamespace(other, namespace))
    .some((template) => selectorMatches({ matchLabels }, template.labels));
  if (selects) {
    return [];
  }
  return [
    {
      manifest: service,
      path: ["spec", "selector"],
      message:
        `expected spec.selector ${JSON.stringify(selector)} to select a pod template ` +
        `in namespace ${namespace ?? "(none)"}, found none`,
      severity: "error",
    },
  ];
}

/** HTTPRoute backends are Services that exist. */
export function checkHttpRoute(route: Manifest, index: ObjectIndex): Problem[] {
  const problems: Problem[] = [];
  const spec = isRecord(route.object.spec) ? route.object.spec : {};
  const namespace = route.object.metadata.namespace;
  const rules = Array.isArray(spec.rules) ? spec.rules : [];
  rules.forEach((rule, r) => {
    const backends = isRecord(rule) && Array.isArray(rule.backendRefs) ? rule.backendRefs : [];
    backends.forEach((backend, b) => {
      if (!isRecord(backend) || typeof backend.name !== "string") {
        return;
      }
      const kind = typeof backend.kind === "string" ? backend.kind : "Service";
      const group = typeof backend.group === "string" ? backend.group : "";
      if (kind !== "Service" || group !== "") {
        return;
      }
      const backendNamespace =
        typeof backend.namespace === "string" ? backend.namespace : namespace;
      if (
        index.find("Service", backendNamespace, backend.name) === undefined &&
        !hiddenByCharts(backendNamespace, index)
      ) {
        problems.push({
          manifest: route,
          path: ["spec", "rules", r, "backendRefs", b, "name"],
          message:
            `expected backend Service ${backend.name} ` +
            `in namespace ${backendNamespace ?? "(none)"}, found none`,
          severity: "error",
        });
      }
    });
  });
  return problems;
}

/** PodMonitor and ServiceMonitor selectors match pods or Services in the namespaces they watch. */
export function checkMonitor(monitor: Manifest, index: ObjectIndex): Problem[] {
  const spec = isRecord(monitor.object.spec) ? monitor.object.spec : {};
  const own = monitor.object.metadata.namespace;
  const namespaceSelector = isRecord(spec.namespaceSelector) ? spec.namespaceSelector : {};
  const names = Array.isArray(namespaceSelector.matchNames)
    ? namespaceSelector.matchNames.map(String)
    : undefined;
  const watches = (namespace: string | undefined) =>
    namespaceSelector.any === true ||
    (names === undefined ? sameNamespace(namespace, own) : names.includes(namespace ?? ""));
  const watched =
    namespaceSelector.any === true ? [...index.chartNamespaces] : (names ?? [own ?? ""]);
  if (watched.some((namespace) => hiddenByCharts(namespace, index))) {
    return [];
  }

  const selector = (isRecord(spec.selector) ? spec.selector : {}) as LabelSelector;
  const matches =
    monitor.object.kind === "PodMonitor"
      ? index.templatesIn(watches).some((template) => selectorMatches(selector, template.labels))
      : index.services.some(
          (service) =>
            watches(service.object.metadata.namespace) &&
            selectorMatches(selector, service.object.metadata.labels ?? {}),
        );
  if (matches) {
    return [];
  }
  const what = monitor.object.kind === "PodMonitor" ? "pod template" : "Service";
  return [
    {
      manifest: monitor,
      path: ["spec", "selector"],
      message:
        `expected spec.selector to match a ${what} in ${watched.join(", ") || "its namespace"}, ` +
        "found none: Prometheus scrapes nothing",
      severity: "error",
    },
  ];
}

function sameNamespace(a: string | undefined, b: string | undefined): boolean {
  return a === undefined || b === undefined || a === b;
}

function hiddenByCharts(namespace: string | undefined, index: ObjectIndex): boolean {
  return namespace !== undefined && index.chartNamespaces.has(namespace);
}
