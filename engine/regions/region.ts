import type { Knex } from 'knex';
import type { Dialect, ExecuteOptions } from './dialect.ts';

/**
 * A location (`projects/{p}/locations/{name}`): its own database and blob root.
 * Everything that holds health data has a home region and lives only there.
 */
export interface Region {
  readonly name: string;
  readonly db: Knex;
  readonly dialect: Dialect;
  /** Absolute folder of the region's blob store. */
  readonly blobs: string;
  /**
   * Run a SELECT outside any transaction by the fastest path the dialect has (see
   * region-reader.ts). Inside a transaction, use the transaction.
   */
  read<T = Record<string, unknown>>(query: Knex.QueryBuilder): Promise<T[]>;
  /** The same for SQL already compiled (`toSQL().toNative()`, see prepared-read.ts). */
  readSql<T = Record<string, unknown>>(sql: string, bindings: readonly unknown[], options?: ExecuteOptions): Promise<T[]>;
  /**
   * Resolves once every transaction committed before the call is durable. Call it before
   * answering anyone for a write (an ACK, an HTTP response). PostgreSQL commits are durable
   * already; SQLite syncs its WAL on the thread pool (wal-sync.ts).
   */
  durable(): Promise<void>;
}
