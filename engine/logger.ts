import pino, { type Logger } from 'pino';

export type { Logger };

/**
 * JSON logs on stdout. Health data never goes to the log at info level: log names, ids
 * and outcomes, never message bodies or patient values.
 */
export function createLogger(level: string): Logger {
  return pino({ level, base: { service: 'plexus' }, timestamp: pino.stdTimeFunctions.isoTime });
}
