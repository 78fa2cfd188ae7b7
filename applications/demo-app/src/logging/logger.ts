import { type DestinationStream, type Logger, pino } from "pino";
import type { LogLevel } from "../config/config.ts";

export type { Logger };

/**
 * JSON lines on stdout (or the given stream, for tests), one library for every message. The
 * service logs its lifecycle at info; a line per request appears only at debug. Writes are
 * synchronous: there are few lines, and pino's default asynchronous stdout let the last lines
 * before process.exit() come out of order (seen here: "closed" before "closing").
 */
export function createLogger(level: LogLevel, destination?: DestinationStream): Logger {
  const options = {
    level,
    base: { service: "demo-app" },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label: string) => ({ level: label }) },
  };
  return pino(options, destination ?? pino.destination({ dest: 1, sync: true }));
}
