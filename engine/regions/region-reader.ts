import Database from 'better-sqlite3';
import type { Knex } from 'knex';
import { type Dialect, type ExecuteOptions, toSqliteValue } from './dialect.ts';
import { inlineSqliteLimit } from './inline-sqlite-limit.ts';

/**
 * Reads outside any transaction, on the hot paths (every API request resolves its dataset
 * or store). Through knex's runner and pool a small indexed SELECT costs about 50 us of CPU
 * on SQLite; compiled by knex and run on a read-only connection of its own with cached
 * statements it costs a few. WAL lets that connection read while the writer writes, and
 * every statement sees what has been committed. PostgreSQL reads go through knex as usual.
 */
export interface RegionReader {
  /** Run compiled SQL (`toSQL().toNative()`). */
  readSql<T>(sql: string, bindings: readonly unknown[], options?: ExecuteOptions): Promise<T[]>;
  close(): Promise<void>;
}

export function createRegionReader(dialect: Dialect, database: string, db: Knex): RegionReader {
  if (dialect.name !== 'sqlite') {
    const pool = db.client as unknown as { acquireConnection(): Promise<unknown>; releaseConnection(c: unknown): Promise<unknown> };
    return {
      async readSql<T>(sql: string, bindings: readonly unknown[], options?: ExecuteOptions) {
        const connection = await pool.acquireConnection();
        try {
          return (await dialect.execute(connection, sql, bindings, options)).rows as T[];
        } finally {
          await pool.releaseConnection(connection);
        }
      },
      close: async () => {},
    };
  }
  const connection = new Database(database, { readonly: true, fileMustExist: true });
  connection.pragma('busy_timeout = 10000');
  const statements = new Map<string, Database.Statement>();
  return {
    async readSql<T>(compiledSql: string, compiledBindings: readonly unknown[]): Promise<T[]> {
      const { sql, bindings } = inlineSqliteLimit(compiledSql, compiledBindings);
      let statement = statements.get(sql);
      if (!statement) {
        statement = connection.prepare(sql);
        if (statements.size >= 500) statements.delete(statements.keys().next().value!);
        statements.set(sql, statement);
      }
      return statement.all(...bindings.map(toSqliteValue)) as T[];
    },
    async close() {
      connection.close();
    },
  };
}
