import { loadConfig } from "./config/config.ts";
import { createLogger } from "./logging/logger.ts";
import { startService } from "./service.ts";

/**
 * The process entry: reads the environment, starts the service and wires the signals.
 * Exit codes: 0 after a clean shutdown, 1 when it failed or cut connections at the deadline,
 * 2 for a bad configuration (one line per bad variable on stderr).
 */
const result = loadConfig(process.env);
if (!result.ok) {
  for (const problem of result.problems) {
    process.stderr.write(`demo-app: ${problem}\n`);
  }
  process.exit(2);
}

const { config } = result;
const logger = createLogger(config.logLevel);

process.on("uncaughtException", (error) => {
  logger.fatal({ err: error }, "uncaught exception");
  process.exit(1);
});

const service = await startService({ config, logger }).catch((error: unknown) => {
  logger.fatal({ err: error, port: config.port }, "could not listen");
  process.exit(1);
});

let stopping = false;
const stop = (signal: NodeJS.Signals) => {
  if (stopping) {
    logger.info({ signal }, "already shutting down");
    return;
  }
  stopping = true;
  logger.info({ signal }, "shutdown requested");
  service.shutdown().then(
    (outcome) => process.exit(outcome === "drained" ? 0 : 1),
    (error: unknown) => {
      logger.fatal({ err: error }, "shutdown failed");
      process.exit(1);
    },
  );
};
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
