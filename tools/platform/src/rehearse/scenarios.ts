import { UsageError } from "../cli/io.ts";

/** The faults a scenario gives the new revision, as the demo app's environment variables. */
export const scenarios = {
  healthy: {},
  /** One request in five answered 500: far past a 0.99 success-rate threshold. */
  errors: { ERROR_RATE: "0.2" },
  /** 700 ms ± 100 ms added to every request: p95 well past a 0.5 s latency threshold. */
  slow: { LATENCY: "700ms±100ms" },
} as const satisfies Record<string, Record<string, string>>;

export type ScenarioName = keyof typeof scenarios;

export function isScenario(name: string): name is ScenarioName {
  return Object.hasOwn(scenarios, name);
}

/** The environment of the new revision: the scenario's faults, then every `--set KEY=VALUE`. */
export function newRevisionEnv(
  scenario: ScenarioName,
  sets: readonly string[],
): Record<string, string> {
  const env: Record<string, string> = { ...scenarios[scenario] };
  for (const pair of sets) {
    const match = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/s.exec(pair);
    if (!match) {
      throw new UsageError(
        `--set expects KEY=VALUE, such as ERROR_RATE=0.05; found ${JSON.stringify(pair)}`,
      );
    }
    env[match[1] as string] = match[2] as string;
  }
  return env;
}
