import type { Knex } from 'knex';
import { inlineSqliteLimit } from './inline-sqlite-limit.ts';

/**
 * Every difference between the two database dialects lives here: connection setup,
 * upsert, JSON columns, claiming rows with SKIP LOCKED, and error classification.
 */
export type DialectName = 'sqlite' | 'postgres';

export interface Dialect {
  readonly name: DialectName;
  /** knex client configuration for a region's `database` setting. */
  knexConfig(database: string): Knex.Config;
  /** Store a JSON value in a JSON column (jsonb on PostgreSQL, text on SQLite). */
  toJson(value: unknown): unknown;
  /** Read a JSON column back. */
  fromJson<T>(value: unknown): T;
  /** `FOR UPDATE SKIP LOCKED` where the database has it; SQLite serializes writers anyway. */
  forUpdateSkipLocked<T extends Knex.QueryBuilder>(query: T): T;
  /**
   * A WHERE condition: the binary `column` contains `bytes` (a byte search, so it means the
   * same whatever the content's character set). `??` and `?` placeholders, in `bindings` order.
   */
  bytesContain(column: string, bytes: Buffer): { sql: string; bindings: unknown[] };
  /** True when the error is a unique-constraint violation. */
  isUniqueViolation(error: unknown): boolean;
  /** True when the error means the database is unreachable or failing (a system failure). */
  isUnavailable(error: unknown): boolean;
  /** The statement that opens a write transaction (SQLite takes the write lock at once). */
  readonly beginSql: string;
  /**
   * Run compiled SQL (`toSQL().toNative()`) on a raw driver connection. `prepared`: SQL of a
   * fixed shape on a hot path (a read by key, an insert), which PostgreSQL may keep prepared.
   */
  execute(connection: unknown, sql: string, bindings: readonly unknown[], options?: ExecuteOptions): Promise<SqlResult>;
}

/** What a statement gave back: rows (SELECT, RETURNING) and the count of rows it changed. */
export interface ExecuteOptions {
  /** Fixed-shape SQL on a hot path: PostgreSQL keeps it prepared (see statementNameOf). */
  prepared?: boolean;
}

export interface SqlResult {
  rows: Record<string, unknown>[];
  changes: number;
}

export function dialectOf(database: string): Dialect {
  return /^postgres(ql)?:\/\//.test(database) ? postgres : sqlite;
}

const sqlite: Dialect = {
  name: 'sqlite',
  knexConfig(database) {
    return {
      client: 'better-sqlite3',
      connection: { filename: database },
      useNullAsDefault: true,
      pool: {
        min: 1,
        max: 1,
        afterCreate(conn: SqliteConnection, done: (err: Error | null, conn: unknown) => void) {
          conn.pragma('journal_mode = WAL');
          // Commits are made durable by an explicit fdatasync of the WAL off the event loop (wal-sync.ts).
          conn.pragma('synchronous = NORMAL');
          // Checkpoints run in a worker thread (wal-checkpointer.ts), not inside a COMMIT on the event loop.
          conn.pragma('wal_autocheckpoint = 0');
          // A WAL that grew (a long read held its frames) is cut back to this when it restarts.
          conn.pragma('journal_size_limit = 67108864');
          conn.pragma('foreign_keys = ON');
          // Savepoints (one per group-commit unit) keep their statement journal in memory, not in a temp file.
          conn.pragma('temp_store = MEMORY');
          conn.pragma('busy_timeout = 10000');
          // ANALYZE (PRAGMA optimize) samples each index instead of reading it whole: it runs on the writer.
          conn.pragma('analysis_limit = 1000');
          cacheStatements(conn);
          done(null, conn);
        },
      },
    };
  },
  toJson: (value) => JSON.stringify(value),
  fromJson: <T>(value: unknown) => (typeof value === 'string' ? (JSON.parse(value) as T) : (value as T)),
  forUpdateSkipLocked: (query) => query,
  // instr() on two BLOBs counts bytes, not characters.
  bytesContain: (column, bytes) => ({ sql: 'instr(??, ?) > 0', bindings: [column, bytes] }),
  isUniqueViolation: (error) => (error as { code?: string })?.code?.startsWith('SQLITE_CONSTRAINT') === true &&
    /UNIQUE|PRIMARYKEY/.test((error as { code: string }).code),
  isUnavailable: (error) => /SQLITE_(BUSY|IOERR|FULL|CANTOPEN|CORRUPT)/.test((error as { code?: string })?.code ?? ''),
  beginSql: 'BEGIN IMMEDIATE',
  async execute(connection, compiledSql, compiledBindings) {
    const { sql, bindings } = inlineSqliteLimit(compiledSql, compiledBindings);
    const statement = (connection as SqliteConnection).prepare(sql) as SqliteStatement;
    const values = bindings.map(toSqliteValue);
    if (statement.reader) return { rows: statement.all(...values) as Record<string, unknown>[], changes: 0 };
    return { rows: [], changes: statement.run(...values).changes };
  },
};

interface SqliteStatement {
  reader: boolean;
  all(...values: unknown[]): unknown[];
  run(...values: unknown[]): { changes: number };
}

/** The conversions knex's better-sqlite3 client applies to bindings. */
export function toSqliteValue(value: unknown): unknown {
  if (value instanceof Date) return value.valueOf();
  if (typeof value === 'boolean') return Number(value);
  return value;
}

interface SqliteConnection {
  pragma(source: string): unknown;
  prepare(source: string): unknown;
}

const STATEMENT_CACHE_SIZE = 500;

/**
 * knex prepares every query anew; preparing costs more than running a small indexed
 * query, so keep the most recent statements per connection (SQLite re-prepares a cached
 * statement by itself after a schema change).
 */
function cacheStatements(conn: SqliteConnection): void {
  const prepare = conn.prepare.bind(conn);
  const cache = new Map<string, unknown>();
  conn.prepare = (source: string) => {
    let statement = cache.get(source);
    if (statement === undefined) {
      statement = prepare(source);
      if (cache.size >= STATEMENT_CACHE_SIZE) cache.delete(cache.keys().next().value!);
      cache.set(source, statement);
    }
    return statement;
  };
}

const postgres: Dialect = {
  name: 'postgres',
  knexConfig(database) {
    const url = new URL(database);
    const schema = url.searchParams.get('schema');
    url.searchParams.delete('schema');
    return {
      client: 'pg',
      connection: url.toString(),
      searchPath: schema ? [schema] : undefined,
      pool: { min: 0, max: 10 },
    };
  },
  toJson: (value) => JSON.stringify(value),
  fromJson: <T>(value: unknown) => (typeof value === 'string' ? (JSON.parse(value) as T) : (value as T)),
  forUpdateSkipLocked: <T extends Knex.QueryBuilder>(query: T) => query.forUpdate().skipLocked() as T,
  // The cast picks position(bytea in bytea); an untyped parameter could resolve to the text form.
  bytesContain: (column, bytes) => ({ sql: 'position(cast(? as bytea) in ??) > 0', bindings: [bytes, column] }),
  isUniqueViolation: (error) => (error as { code?: string })?.code === '23505',
  isUnavailable: (error) => {
    const code = (error as { code?: string })?.code ?? '';
    return /^(08|57P|53)/.test(code) || ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'ENOTFOUND'].includes(code) ||
      /Knex: Timeout acquiring a connection/.test(String((error as Error)?.message));
  },
  beginSql: 'BEGIN',
  async execute(connection, sql, bindings, options) {
    const name = options?.prepared ? statementNameOf(sql) : undefined;
    const result = await (connection as { query(query: { name?: string; text: string; values: readonly unknown[] }): Promise<{ rows: Record<string, unknown>[]; rowCount: number | null }> })
      .query({ name, text: sql, values: bindings });
    return { rows: result.rows ?? [], changes: result.rowCount ?? 0 };
  },
};

/** Distinct statements PostgreSQL keeps prepared per connection; SQL past them is parsed and planned each time. */
const MAX_NAMED_STATEMENTS = 1000;
const statementNames = new Map<string, string>();

/**
 * A name for `sql` as a prepared statement: node-postgres prepares a named statement once
 * per connection, then only binds and executes it, and after five runs PostgreSQL plans it
 * once for all values. Parsing and planning a small indexed query costs PostgreSQL more
 * than running it, on the cores the engine shares (a FHIR read by id: 5,454 -> 9,865/s).
 * Only fixed-shape SQL asks for it (a read by key, an insert): a search, whose best plan
 * depends on its values, is planned each time. Names go in the order SQL is first seen, up
 * to MAX_NAMED_STATEMENTS, so what a connection keeps prepared stays bounded.
 */
function statementNameOf(sql: string): string | undefined {
  let name = statementNames.get(sql);
  if (name === undefined && statementNames.size < MAX_NAMED_STATEMENTS) {
    name = `plexus_${statementNames.size}`;
    statementNames.set(sql, name);
  }
  return name;
}
