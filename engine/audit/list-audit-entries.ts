import type { Knex } from 'knex';
import type { Region } from '../regions/region.ts';
import { fromAuditEntryRow, type StoredAuditEntry } from './audit-entry-row.ts';
import type { AuditFilter, AuditFilterField } from './audit-filter.ts';

/** A keyset position: the last entry of the previous page (newest first). */
export interface AuditPosition {
  timeMs: number;
  id: string;
}

export interface AuditListQuery {
  /** Only entries on resources within this project. */
  project: string;
  filter: AuditFilter | null;
  after: AuditPosition | null;
  limit: number;
}

const COLUMNS: Record<AuditFilterField, string> = {
  time: 'time_ms',
  principal: 'principal',
  permission: 'permission',
  resource: 'resource',
  method: 'method',
  status: 'status',
  requestId: 'request_id',
  peer: 'peer',
  logType: 'log_type',
  service: 'service',
};

/**
 * A project's entries in a region, newest first (time, then id), after a keyset position:
 * entries written meanwhile never shift later pages.
 */
export async function listAuditEntries(region: Region, query: AuditListQuery): Promise<StoredAuditEntry[]> {
  const rows: Record<string, unknown>[] = await region.db('audit_entries')
    .where({ project: query.project })
    .modify((q) => {
      if (query.filter) whereFilter(q, query.filter);
      if (query.after) whereAfter(q, query.after);
    })
    .orderBy([{ column: 'time_ms', order: 'desc' }, { column: 'id', order: 'desc' }])
    .limit(query.limit);
  return rows.map(fromAuditEntryRow);
}

function whereAfter(q: Knex.QueryBuilder, after: AuditPosition): void {
  void q.where((b) => b.where('time_ms', '<', after.timeMs).orWhere((c) => c.where('time_ms', after.timeMs).andWhere('id', '<', Number(after.id))));
}

/** Add the filter as one parenthesized condition. */
function whereFilter(q: Knex.QueryBuilder, filter: AuditFilter): void {
  switch (filter.kind) {
    case 'and':
      void q.where((b) => filter.operands.forEach((operand) => whereFilter(b, operand)));
      return;
    case 'or':
      void q.where((b) => filter.operands.forEach((operand) => b.orWhere((c) => whereFilter(c, operand))));
      return;
    case 'not':
      void q.whereNot((b) => whereFilter(b, filter.operand));
      return;
    case 'compare':
      whereCompare(q, COLUMNS[filter.field], filter.op, filter.value);
  }
}

function whereCompare(q: Knex.QueryBuilder, column: string, op: string, value: string | number): void {
  if (op !== ':') {
    void q.where(column, op === '!=' ? '<>' : op, value);
    return;
  }
  const text = String(value);
  // `resource:"projects/p/locations/l/datasets/d"` means that resource and everything under it.
  if (column === 'resource' && !text.endsWith('/')) void q.where((b) => b.where(column, text).orWhere((c) => wherePrefix(c, column, `${text}/`)));
  else wherePrefix(q, column, text);
}

/** A prefix test that means the same on both dialects (SQLite's LIKE ignores case, PostgreSQL's does not). */
function wherePrefix(q: Knex.QueryBuilder, column: string, prefix: string): void {
  void q.whereRaw(`substr(??, 1, ${[...prefix].length}) = ?`, [column, prefix]);
}
