import { stringify } from "yaml";

/** One scrape target: its `host:port` and the labels every series scraped from it carries. */
export interface ScrapeTarget {
  address: string;
  labels: Record<string, string>;
}

/** A scrape job whose targets live in a file that can be rewritten while Prometheus runs. */
export interface ScrapeJob {
  jobName: string;
  /** The file_sd file of this job, written by the runner. */
  targetsFile: string;
  metricsPath?: string;
}

export interface PrometheusConfigOptions {
  /** e.g. "1s": how often every target is scraped and rules are evaluated. */
  scrapeInterval: string;
  jobs: readonly ScrapeJob[];
  /** Rule files to load, by absolute path. */
  ruleFiles?: readonly string[];
}

/**
 * The configuration file of a local Prometheus. Targets come from file_sd files, so processes
 * started later (a new revision) join without a restart; Prometheus watches those files.
 */
export function prometheusConfig(options: PrometheusConfigOptions): string {
  const config = {
    global: {
      scrape_interval: options.scrapeInterval,
      evaluation_interval: options.scrapeInterval,
      scrape_timeout: options.scrapeInterval,
    },
    ...(options.ruleFiles?.length ? { rule_files: [...options.ruleFiles] } : {}),
    scrape_configs: options.jobs.map((job) => ({
      job_name: job.jobName,
      metrics_path: job.metricsPath ?? "/metrics",
      file_sd_configs: [{ files: [job.targetsFile], refresh_interval: options.scrapeInterval }],
    })),
  };
  return stringify(config);
}

/** The content of a file_sd file for the given targets. */
export function targetsFileContent(targets: readonly ScrapeTarget[]): string {
  return `${JSON.stringify(
    targets.map((target) => ({ targets: [target.address], labels: target.labels })),
    null,
    2,
  )}\n`;
}
