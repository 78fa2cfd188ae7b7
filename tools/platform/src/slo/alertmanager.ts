import {
  alertRoutingName,
  monitoringNamespace,
  receivers,
  releaseLabel,
  severities,
  severityLabel,
  sloLabels,
} from "./names.ts";

const equals = (name: string, value: string) => ({ name, value, matchType: "=" });

/**
 * Routes SLO alerts by severity: pages to the on-call receiver and soon repeated, tickets to
 * the queue receiver and rarely repeated; a page silences the ticket of the same SLO. The
 * receivers are left without integrations: the cluster's owner attaches PagerDuty, Slack or
 * a webhook (with credentials from a Secret) where they are defined.
 *
 * kube-prometheus-stack reads it as the Alertmanager's top-level configuration through
 * `alertmanager.alertmanagerSpec.alertmanagerConfiguration.name`; as the top-level
 * configuration it is not limited to alerts labelled with its own namespace, which a
 * namespaced AlertmanagerConfig would be (prometheus-operator's OnNamespace matcher strategy).
 */
export function alertmanagerConfig() {
  return {
    apiVersion: "monitoring.coreos.com/v1alpha1",
    kind: "AlertmanagerConfig",
    metadata: {
      name: alertRoutingName,
      namespace: monitoringNamespace,
      labels: { ...releaseLabel },
    },
    spec: {
      route: {
        receiver: receivers.none,
        groupBy: ["alertname", sloLabels.id],
        groupWait: "30s",
        groupInterval: "5m",
        repeatInterval: "12h",
        routes: [
          {
            receiver: receivers.page,
            matchers: [equals(severityLabel, severities.page)],
            repeatInterval: "1h",
          },
          {
            receiver: receivers.ticket,
            matchers: [equals(severityLabel, severities.ticket)],
            repeatInterval: "24h",
          },
        ],
      },
      receivers: [{ name: receivers.none }, { name: receivers.page }, { name: receivers.ticket }],
      inhibitRules: [
        {
          sourceMatch: [equals(severityLabel, severities.page)],
          targetMatch: [equals(severityLabel, severities.ticket)],
          equal: [sloLabels.id],
        },
      ],
    },
  };
}
