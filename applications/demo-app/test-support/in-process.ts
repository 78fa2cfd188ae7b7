import { Writable } from "node:stream";
import { loadConfig } from "../src/config/config.ts";
import { createLogger } from "../src/logging/logger.ts";
import { type Service, type ServiceOptions, startService } from "../src/service.ts";

export interface TestService {
  service: Service;
  url: string;
  /** Log lines written so far, parsed. */
  logs: Record<string, unknown>[];
  stop(): Promise<void>;
}

/**
 * Starts the service in this process on an ephemeral loopback port, with the given environment
 * on top of the defaults, logs captured, and no drain delay unless asked for.
 */
export async function startTestService(
  env: Record<string, string> = {},
  options: Omit<ServiceOptions, "config" | "logger"> = {},
  awaitReady = true,
): Promise<TestService> {
  const result = loadConfig({ PORT: "0", HOST: "127.0.0.1", SHUTDOWN_DELAY: "0", ...env });
  if (!result.ok) {
    throw new Error(result.problems.join("\n"));
  }

  const logs: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString("utf8").split("\n").filter(Boolean)) {
        logs.push(JSON.parse(line) as Record<string, unknown>);
      }
      done();
    },
  });
  const logger = createLogger(result.config.logLevel, sink);

  const service = await startService({ ...options, config: result.config, logger });
  if (awaitReady) {
    await service.ready;
  }
  return {
    service,
    url: `http://127.0.0.1:${service.port}`,
    logs,
    stop: async () => {
      if (service.lifecycle.phase !== "closing") {
        await service.shutdown();
      }
    },
  };
}
