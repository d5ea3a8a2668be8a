import type { YogaLogger } from 'graphql-yoga';
import { pino, type DestinationStream, type Logger } from 'pino';
import type { Config, LogLevel } from '../config.js';
import { isSuccess } from '../cronofy/batch.js';
import type { AttemptEvent } from '../resilience/resilient-upstream.js';
import { consoleLines } from './console-lines.js';

export type { Logger } from 'pino';

/**
 * JSON lines on stdout (or on `destination`, for tests that read them).
 *
 * ```ts
 * const logger = createLogger(config.logLevel);
 * logger.info({ url }, 'listening');
 * ```
 *
 * Nothing this layer logs carries a credential; the redaction below is a second line of defence
 * for objects that might one day be logged whole (headers, grants, config).
 */
export function createLogger(level: LogLevel, destination?: DestinationStream): Logger {
  const options = {
    level,
    base: { service: 'cronofy-batch-graphql' },
    redact: {
      paths: [
        'authorization',
        '*.authorization',
        '*.headers.authorization',
        'accessToken',
        'refreshToken',
        'clientSecret',
        '*.accessToken',
        '*.refreshToken',
        '*.clientSecret',
      ],
      censor: '[redacted]',
    },
  };
  return destination ? pino(options, destination) : pino(options);
}

/**
 * The process's logger on stdout, as `config.logFormat` says: JSON lines, or short lines for a
 * person (`consoleLines`), redacted alike.
 *
 * ```ts
 * const logger = stdoutLogger(loadConfig());
 * ```
 */
export function stdoutLogger(config: Pick<Config, 'logLevel' | 'logFormat'>): Logger {
  if (config.logFormat === 'json') return createLogger(config.logLevel);
  return createLogger(config.logLevel, consoleLines(process.stdout, { colors: process.stdout.hasColors?.() ?? false }));
}

/** Yoga's own messages (masked errors, debug traces) as JSON lines of the same logger. */
export function yogaLogger(logger: Logger): YogaLogger {
  const yoga = logger.child({ component: 'yoga' });
  const forward =
    (level: 'debug' | 'info' | 'warn' | 'error') =>
    (...args: unknown[]) => {
      const [first, ...rest] = args;
      if (first instanceof Error) yoga[level]({ err: first }, first.message);
      else yoga[level](rest.length > 0 ? { details: rest } : {}, String(first));
    };
  return { debug: forward('debug'), info: forward('info'), warn: forward('warn'), error: forward('error') };
}

/**
 * One line per HTTP attempt to Cronofy: data center, entries, entry statuses or the whole-call
 * error, duration and retry number. A failed attempt is a warning: it is retried or reaches callers.
 * A retry, or an answer with an entry Cronofy refused, is info. A first attempt whose every entry
 * succeeded, which is most calls and what `/metrics` counts already, is info only with `everyCall`
 * (a person's terminal) and debug otherwise: at info, writing that line cost a tenth of the CPU of
 * a 50-write request. Give it `attemptLogger(logger)`.
 */
export function logAttempt(logger: Logger, event: AttemptEvent, everyCall = true): void {
  const level = event.error ? 'warn' : everyCall || event.retry > 0 || !event.statuses?.every(isSuccess) ? 'info' : 'debug';
  if (!logger.isLevelEnabled(level)) return;
  const line = {
    dataCenter: event.dataCenter,
    entries: event.entries,
    ...(event.statuses && { statuses: event.statuses }),
    ...(event.error && { error: event.error }),
    durationMs: Math.round(event.durationMs * 10) / 10,
    retry: event.retry,
  };
  logger[level](line, event.error ? 'cronofy batch call failed' : 'cronofy batch call');
}

/**
 * `logger` without its redaction, for `logAttempt`'s lines only: they hold numbers and error codes
 * built there, never an object from outside, and redacting them cost 11-13 µs a line, twice what
 * writing the line costs.
 */
export function attemptLogger(logger: Logger): Logger {
  return logger.child({}, { redact: [] });
}
