import type { Region } from './region.ts';
import type { SqlTx } from './sql-tx.ts';

/** Rows per statement at most: inside both dialects' bound-parameter limits for tables this wide. */
const MAX_BINDINGS = 30_000;

const statements = new Map<string, string>();

export interface InsertRowsOptions {
  /** Columns of a unique index: a row that would duplicate one already there is skipped (and not returned). */
  onConflictDoNothing?: readonly string[];
}

/**
 * A multi-row INSERT written directly, not by knex: for hundreds of rows knex's compiler
 * costs more CPU than SQLite spends storing them, and for one row on a hot path (an HL7v2
 * message) it costs more than the statement. Columns are the first row's keys, in order;
 * identifiers are quoted (both dialects take "name"). Booleans are bound as the dialect
 * expects. `returning` names columns to return (both dialects have RETURNING and
 * ON CONFLICT ... DO NOTHING).
 */
export async function insertRows<T = Record<string, unknown>>(tx: SqlTx, table: string, rows: ReadonlyArray<Record<string, unknown>>, returning: readonly string[] = [], options: InsertRowsOptions = {}): Promise<T[]> {
  if (rows.length === 0) return [];
  const columns = Object.keys(rows[0]);
  const perStatement = Math.max(1, Math.floor(MAX_BINDINGS / columns.length));
  const returned: T[] = [];
  for (let start = 0; start < rows.length; start += perStatement) {
    const chunk = rows.slice(start, start + perStatement);
    const bindings: unknown[] = [];
    for (const row of chunk) for (const column of columns) bindings.push(bindingOf(tx.region, row[column]));
    const sql = sqlFor(tx.region.dialect.name === 'postgres', table, columns, chunk.length, returning, options.onConflictDoNothing ?? []);
    const result = await tx.run<T>({ sql, bindings, prepared: true });
    returned.push(...result.rows);
  }
  return returned;
}

function sqlFor(numbered: boolean, table: string, columns: string[], count: number, returning: readonly string[], conflict: readonly string[]): string {
  const key = `${numbered}\u0000${table}\u0000${columns.join(',')}\u0000${count}\u0000${returning.join(',')}\u0000${conflict.join(',')}`;
  let sql = statements.get(key);
  if (sql === undefined) {
    let n = 0;
    const placeholder = () => (numbered ? `$${++n}` : '?');
    const tuples = Array.from({ length: count }, () => `(${columns.map(placeholder).join(',')})`);
    sql = `INSERT INTO ${quote(table)} (${columns.map(quote).join(',')}) VALUES ${tuples.join(',')}`;
    if (conflict.length > 0) sql += ` ON CONFLICT (${conflict.map(quote).join(',')}) DO NOTHING`;
    if (returning.length > 0) sql += ` RETURNING ${returning.map(quote).join(',')}`;
    if (statements.size >= 2000) statements.clear();
    statements.set(key, sql);
  }
  return sql;
}

function quote(identifier: string): string {
  return `"${identifier.replaceAll('"', '""')}"`;
}

function bindingOf(region: Region, value: unknown): unknown {
  if (value === undefined) return null;
  if (typeof value === 'boolean' && region.dialect.name === 'sqlite') return value ? 1 : 0;
  return value;
}
