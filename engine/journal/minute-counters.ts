import type { EnvelopeStatus } from '../channels/envelope.ts';
import type { Region } from '../regions/region.ts';

/** One minute of a channel: how many messages it received, and where they ended. */
export interface MinuteCount {
  /** UTC, `2026-01-01T12:34`. */
  minute: string;
  received: number;
  transformed: number;
  filtered: number;
  errored: number;
}

/** How long minutes are kept: dashboards show the last day. */
const KEEP_MS = 24 * 3600_000;

const minuteOf = (ms: number): string => new Date(ms).toISOString().slice(0, 16);

/**
 * A channel's per-minute counters for dashboards: counted in memory as messages finish and
 * added to `channel_minute_counters` once a minute (a crash loses at most that minute's
 * counts, never a message), so the hot path writes nothing extra. Minutes older than a day
 * are deleted as new ones are written.
 */
export class MinuteCounters {
  private readonly pending = new Map<string, MinuteCount>();

  constructor(private readonly region: Region, private readonly channel: string) {}

  count(status: EnvelopeStatus, now = Date.now()): void {
    const minute = minuteOf(now);
    let entry = this.pending.get(minute);
    if (!entry) {
      entry = { minute, received: 0, transformed: 0, filtered: 0, errored: 0 };
      this.pending.set(minute, entry);
    }
    entry.received++;
    if (status === 'TRANSFORMED') entry.transformed++;
    else if (status === 'FILTERED') entry.filtered++;
    else if (status === 'ERROR') entry.errored++;
  }

  /** Add what was counted to the table. */
  async flush(now = Date.now()): Promise<void> {
    const entries = [...this.pending.values()];
    this.pending.clear();
    const table = 'channel_minute_counters';
    for (const entry of entries) {
      const add = (column: keyof Omit<MinuteCount, 'minute'>) => this.region.db.raw(`${table}.${column} + excluded.${column}`);
      await this.region.db(table).insert({ channel: this.channel, ...entry }).onConflict(['channel', 'minute'])
        .merge({ received: add('received'), transformed: add('transformed'), filtered: add('filtered'), errored: add('errored') });
    }
    await this.region.db(table).where({ channel: this.channel }).andWhere('minute', '<', minuteOf(now - KEEP_MS)).delete();
  }

  /** The minutes since `sinceMs` that saw messages, oldest first. */
  async read(sinceMs: number): Promise<MinuteCount[]> {
    const rows = await this.region.db('channel_minute_counters').where({ channel: this.channel }).andWhere('minute', '>=', minuteOf(sinceMs)).orderBy('minute')
      .select('minute', 'received', 'transformed', 'filtered', 'errored');
    return rows.map((row) => ({ minute: row.minute, received: Number(row.received), transformed: Number(row.transformed), filtered: Number(row.filtered), errored: Number(row.errored) }));
  }
}

/** Per-minute counts of several regions' journals (a routing channel's), added minute by minute, oldest first. */
export function sumMinuteCounts(parts: readonly MinuteCount[][]): MinuteCount[] {
  const byMinute = new Map<string, MinuteCount>();
  for (const count of parts.flat()) {
    const total = byMinute.get(count.minute) ?? { minute: count.minute, received: 0, transformed: 0, filtered: 0, errored: 0 };
    total.received += count.received;
    total.transformed += count.transformed;
    total.filtered += count.filtered;
    total.errored += count.errored;
    byMinute.set(count.minute, total);
  }
  return [...byMinute.values()].sort((a, b) => a.minute.localeCompare(b.minute));
}
