import { pino, type DestinationStream, type Logger } from "pino";
import pretty from "pino-pretty";

export type { Logger };

export interface LoggerOptions {
  /**
   * One readable line per entry, for a developer's terminal; otherwise one JSON object per line,
   * for log collectors (production, files, pipes).
   */
  readable?: boolean;
  /** Where entries go; standard output by default. */
  destination?: DestinationStream;
}

/** A request's line says its operation, status and duration in words: the same fields again are noise. */
const SAID_IN_REQUEST_LINES = "reqId,operation,statusCode,responseTime";

export function createLogger(level: string, { readable = false, destination }: LoggerOptions = {}): Logger {
  const options = {
    level,
    base: undefined,
    redact: { paths: ["req.headers.authorization", "req.headers.cookie", "*.password", "*.token"], remove: true },
  };
  const stream = readable
    ? pretty({ colorize: true, singleLine: true, translateTime: "HH:MM:ss", ignore: SAID_IN_REQUEST_LINES, sync: true, destination: destination ?? 1 })
    : destination;
  return stream ? pino(options, stream) : pino(options);
}
