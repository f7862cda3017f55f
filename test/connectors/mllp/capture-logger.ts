import pino from 'pino';
import type { Logger } from '../../../engine/logger.ts';

export interface LogRecord {
  level: number;
  msg: string;
  [key: string]: unknown;
}

export interface CapturedLogger {
  logger: Logger;
  records: LogRecord[];
  /** Every record whose message contains `text`. */
  find(text: string): LogRecord[];
  /** Resolves once a record whose message contains `text` is logged. */
  waitFor(text: string): Promise<LogRecord>;
}

/** A real pino logger at debug whose lines are kept in memory, to assert what is (not) logged. */
export function captureLogger(): CapturedLogger {
  const records: LogRecord[] = [];
  const waiters: Array<{ text: string; resolve: (record: LogRecord) => void }> = [];
  const stream = {
    write(line: string) {
      const record = JSON.parse(line) as LogRecord;
      records.push(record);
      for (const waiter of waiters.filter((w) => record.msg.includes(w.text))) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(record);
      }
    },
  };
  const find = (text: string) => records.filter((record) => record.msg.includes(text));
  const waitFor = (text: string) =>
    new Promise<LogRecord>((resolve) => {
      const found = find(text)[0];
      if (found) resolve(found);
      else waiters.push({ text, resolve });
    });
  return { logger: pino({ level: 'debug' }, stream), records, find, waitFor };
}
