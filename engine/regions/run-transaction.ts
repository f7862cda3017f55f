import type { Region } from './region.ts';
import { runOnConnection, type SqlTx } from './sql-tx.ts';

interface Pool {
  acquireConnection(): Promise<unknown>;
  releaseConnection(connection: unknown): Promise<unknown>;
}

/**
 * Run `work` in one transaction on a connection taken from the region's pool, without
 * knex's transaction machinery. On SQLite (a pool of one) other queries wait for the
 * connection meanwhile: `work` must not itself wait for a query outside the transaction.
 */
export async function runTransaction<T>(region: Region, work: (tx: SqlTx) => Promise<T>): Promise<T> {
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
