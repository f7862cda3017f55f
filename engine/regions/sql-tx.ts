import type { Knex } from 'knex';
import type { SqlResult } from './dialect.ts';
import type { Region } from './region.ts';

/**
 * A database transaction that runs knex-built queries on the connection it holds. Build a
 * query with `region.db('table')...` (it is only compiled, never run by knex) and pass it to
 * `run`. Used on the hot write paths, where a knex transaction's own overhead (about 300 us
 * of CPU) would cost more than the SQL.
 */
/** SQL already in the dialect's own form (`?` for SQLite, `$1` for PostgreSQL), with its bindings. */
export interface NativeSql {
  sql: string;
  bindings: readonly unknown[];
  /** Fixed-shape SQL on a hot path: PostgreSQL keeps it prepared (dialect.ts). */
  prepared?: boolean;
}

export interface SqlTx {
  readonly region: Region;
  run<T = Record<string, unknown>>(query: Knex.QueryBuilder | Knex.Raw | NativeSql): Promise<{ rows: T[]; changes: number }>;
  /** Called once the transaction has committed; never when it rolls back. */
  afterCommit(callback: () => void): void;
}

/** Run compiled queries on a raw connection; the shared core of both SqlTx forms. */
export function runOnConnection(region: Region, connection: unknown) {
  return async <T>(query: Knex.QueryBuilder | Knex.Raw | NativeSql): Promise<{ rows: T[]; changes: number }> => {
    const native: NativeSql = 'toSQL' in query ? query.toSQL().toNative() : query;
    const result: SqlResult = await region.dialect.execute(connection, native.sql, native.bindings, { prepared: native.prepared });
    return result as { rows: T[]; changes: number };
  };
}

/** A SqlTx over a transaction knex already opened (admin routes use knex transactions). */
export async function sqlTxOfKnex(trx: Knex.Transaction, region: Region): Promise<SqlTx> {
  const connection: unknown = await (trx as unknown as { client: { acquireConnection(): Promise<unknown> } }).client.acquireConnection();
  return {
    region,
    run: runOnConnection(region, connection),
    afterCommit: (callback) => {
      trx.executionPromise.then(callback, () => undefined);
    },
  };
}
