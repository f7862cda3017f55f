import type { Knex } from 'knex';
import type { Region } from '../regions/region.ts';
import type { OutboxRow, OutboxSettlement } from './outbox-row.ts';
import { settleOutboxRows } from './settle-outbox-rows.ts';

/**
 * Hand the oldest due rows of a region's outbox to `deliver` and write what it settled;
 * returns how many rows it was given.
 *
 * PostgreSQL, where several engine processes share the outbox: the rows are claimed with
 * `FOR UPDATE SKIP LOCKED` and stay locked until their settlement commits, so another
 * process skips them meanwhile, and a process that dies mid-delivery releases them at
 * once (they are delivered again: at least once). SQLite has one engine process, and one
 * connection that must not wait on the network: the rows are read, delivered, then
 * settled, with no transaction held meanwhile.
 */
export async function processDueOutboxRows(region: Region, limit: number, deliver: (rows: OutboxRow[]) => Promise<OutboxSettlement[]>): Promise<number> {
  const due = (db: Knex) => db<OutboxRow>('notification_outbox').where('status', 'PENDING').andWhere('next_attempt_ms', '<=', Date.now()).orderBy('id').limit(limit);
  if (region.dialect.name === 'postgres') {
    return region.db.transaction(async (trx) => {
      const rows = (await region.dialect.forUpdateSkipLocked(due(trx))) as OutboxRow[];
      if (rows.length > 0) await settleOutboxRows(trx, await deliver(rows));
      return rows.length;
    });
  }
  const rows = await region.read<OutboxRow>(due(region.db));
  if (rows.length > 0) {
    const settlements = await deliver(rows);
    await region.db.transaction((trx) => settleOutboxRows(trx, settlements));
  }
  return rows.length;
}
