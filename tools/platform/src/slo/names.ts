/**
 * Every name the SLO output shares with something outside this folder: recorded series and
 * their labels (Sloth's conventions, so Sloth's dashboards read them), alert names, severities,
 * runbook paths and the files `platform slo generate` writes. Generators and tests import these.
 */

/**
 * Series and label names as Sloth writes them (slok/sloth internal/prometheus/conventions.go and
 * recording_rules.go), so dashboards built for Sloth work on these rules unchanged.
 */
export const series = {
  sliErrorRatio: (window: string) => `slo:sli_error:ratio_rate${window}`,
  objective: "slo:objective:ratio",
  errorBudget: "slo:error_budget:ratio",
  timePeriodDays: "slo:time_period:days",
  currentBurnRate: "slo:current_burn_rate:ratio",
  periodBurnRate: "slo:period_burn_rate:ratio",
  periodBudgetRemaining: "slo:period_error_budget_remaining:ratio",
  info: "sloth_slo_info",
} as const;

export const sloLabels = {
  id: "sloth_id",
  service: "sloth_service",
  slo: "sloth_slo",
  window: "sloth_window",
  severity: "sloth_severity",
  objective: "sloth_objective",
} as const;

/** The label Alertmanager routes on; Sloth's own `sloth_severity` is set beside it. */
export const severityLabel = "severity";
export const severities = { page: "page", ticket: "ticket" } as const;
export type Severity = (typeof severities)[keyof typeof severities];

export const alertNames = {
  burnFast: "ErrorBudgetBurnFast",
  burnSlow: "ErrorBudgetBurnSlow",
  dataAbsent: "SliDataAbsent",
} as const;
export type AlertName = (typeof alertNames)[keyof typeof alertNames];

/** Runbooks live in the repository; the annotation carries their path from its root. */
export const runbookPaths: Record<AlertName, string> = {
  ErrorBudgetBurnFast: "docs/runbooks/error-budget-burn-fast.md",
  ErrorBudgetBurnSlow: "docs/runbooks/error-budget-burn-slow.md",
  SliDataAbsent: "docs/runbooks/sli-data-absent.md",
};

export const annotations = {
  summary: "summary",
  description: "description",
  runbook: "runbook_url",
} as const;

/** kube-prometheus-stack picks rules by this label (its ruleSelector defaults to the release). */
export const releaseLabel = { release: "kube-prometheus-stack" } as const;

/** Grafana's dashboard sidecar loads ConfigMaps carrying this label (kube-prometheus-stack). */
export const dashboardSidecarLabel = { grafana_dashboard: "1" } as const;

export const monitoringNamespace = "monitoring";

/** The AlertmanagerConfig that routes page and ticket alerts. */
export const alertRoutingName = "slo-alert-routing";
export const receivers = { page: "slo-page", ticket: "slo-ticket", none: "null" } as const;

/** Dashboards: file names under docs/dashboards and their Grafana uids. */
export const dashboards = {
  sloOverview: { file: "slo-overview.json", uid: "slo-overview", title: "SLO overview" },
  errorBudget: { file: "error-budget.json", uid: "slo-error-budget", title: "SLO error budget" },
  serviceHealth: {
    file: "service-health.json",
    uid: "service-health",
    title: "Service health",
  },
} as const;

/** Where things live, relative to the repository root. */
export const paths = {
  specs: "slo",
  dashboards: "docs/dashboards",
  runbooks: "docs/runbooks",
  doc: "docs/slo.md",
  manifests: "platform/observability/slo",
} as const;
