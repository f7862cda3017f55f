import type { Region } from './region.ts';
import { runOnConnection, type SqlTx } from './sql-tx.ts';

interface Pool {
  acquireConnection(): Promise<unknown>;
  releaseConnection(connection: unknown): Promise<unknown>;
}

export interface RunTransactionOptions {
  /**
   * Resolve only once the commit is durable (the default). The group committer says false
   * and waits for durability itself, after handing the connection to the next batch.
   */
  durable?: boolean;
}

/**
 * Run `work` in one transaction on a connection taken from the region's pool, without
 * knex's transaction machinery. On SQLite (a pool of one) other queries wait for the
 * connection meanwhile: `work` must not itself wait for a query outside the transaction.
 */
export async function runTransaction<T>(region: Region, work: (tx: SqlTx) => Promise<T>, options: RunTransactionOptions = {}): Promise<T> {
  const result = await runUndurable(region, work);
  if (options.durable !== false) await region.durable();
  return result;
}

async function runUndurable<T>(region: Region, work: (tx: SqlTx) => Promise<T>): Promise<T> {
  const pool = region.db.client as unknown as Pool;
  const connection = await pool.acquireConnection();
  const committed: Array<() => void> = [];
  const run = runOnConnection(region, connection);
  try {
    await region.dialect.execute(connection, region.dialect.beginSql, []);
    let result: T;
    try {
      result = await work({ region, run, afterCommit: (callback) => committed.push(callback) });
      await region.dialect.execute(connection, 'COMMIT', []);
    } catch (error) {
      await region.dialect.execute(connection, 'ROLLBACK', []).catch(() => undefined);
      throw error;
    }
    for (const callback of committed) callback();
    return result;
  } finally {
    await pool.releaseConnection(connection);
  }
}
