/**
 * Structured logs: one JSON object per line on stdout (pino), at the level LOG_LEVEL names (info by
 * default). Inside a request, `log()` is a child logger carrying the request's id (`reqId`, the
 * `x-request-id` header proxy.ts puts on the request and the response), so an operator can find
 * every line of one request and the response a user reports.
 *
 * Written synchronously to file descriptor 1: no transport and no worker thread (pino's transports
 * start one, which Next's bundles cannot load and which could lose the last lines of a crash).
 * A log line holds ids, counts and timings, never answers, passwords or tokens; `redact` is a second
 * guard for a field of those names passed by mistake.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import pino, { type DestinationStream, type Logger } from "pino";

export type { Logger };

const LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;
type Level = (typeof LEVELS)[number];

/** LOG_LEVEL's level, or null when it names none (the caller falls back to info and says so). */
export function logLevelFrom(raw: string | undefined): Level | null {
  const level = (raw ?? "").trim().toLowerCase() || "info";
  return (LEVELS as readonly string[]).includes(level) ? (level as Level) : null;
}

/** A logger writing JSON lines to `destination` (stdout by default), at LOG_LEVEL's level. */
export function createLogger(
  destination: DestinationStream = pino.destination({ dest: 1, sync: true }),
  env: Readonly<Record<string, string | undefined>> = process.env,
): Logger {
  const level = logLevelFrom(env.LOG_LEVEL);
  const logger = pino(
    {
      level: level ?? "info",
      timestamp: pino.stdTimeFunctions.isoTime,
      // "level":"info" rather than pino's 30: readable without a table, and what log tools expect.
      formatters: { level: (label) => ({ level: label }) },
      redact: { paths: ["password", "*.password", "answers", "*.answers", "token", "*.token", "authorization", "*.authorization"], censor: "[redacted]" },
    },
    destination,
  );
  if (level === null) logger.warn({ LOG_LEVEL: env.LOG_LEVEL }, `LOG_LEVEL names no level (${LEVELS.join(", ")}); logging at info`);
  return logger;
}

type RequestContext = { reqId: string; logger: Logger };

// On globalThis, like the metrics: every bundle's copy of this module shares one logger and one
// request context.
const globalForLog = globalThis as unknown as { chainruleLog?: Logger; chainruleLogContext?: AsyncLocalStorage<RequestContext> };
const context = (globalForLog.chainruleLogContext ??= new AsyncLocalStorage<RequestContext>());

/** The process's logger, without request fields. */
export function baseLogger(): Logger {
  return (globalForLog.chainruleLog ??= createLogger());
}

/** Replaces the process's logger (tests write to a stream they read back). */
export function setBaseLogger(logger: Logger): void {
  globalForLog.chainruleLog = logger;
}

/** The logger to use here: the current request's (with its reqId) inside one, else the process's. */
export function log(): Logger {
  return context.getStore()?.logger ?? baseLogger();
}

/** The current request's id, or null outside a request. */
export function currentRequestId(): string | null {
  return context.getStore()?.reqId ?? null;
}

/** Runs `fn` as part of the request `reqId`: everything it logs carries that id. */
export function withRequestLog<T>(reqId: string, fn: () => T): T {
  return context.run({ reqId, logger: baseLogger().child({ reqId }) }, fn);
}
