import { hash } from 'node:crypto';
import type { AuditEntry, LogType } from './audit-entry.ts';

/** An `audit_entries` row as written (before the database gives it an id). */
export interface AuditEntryRow {
  time_ms: number;
  project: string;
  principal: string;
  permission: string;
  resource: string;
  method: string;
  status: number;
  request_id: string;
  peer: string;
  log_type: string;
  service: string;
  entry_hash: string;
  chain_id?: string | null;
  link_seq?: number | null;
}

/** An entry read back, with its row id (a decimal string: PostgreSQL bigints exceed JS numbers). */
export interface StoredAuditEntry extends AuditEntry {
  id: string;
  timeMs: number;
}

/**
 * Bounds on what is stored: a caller-supplied value (a URL path, a peer string) must never
 * make the batch insert fail, or every entry queued behind it would wait forever.
 */
const MAX_TEXT = 1024;

const SUSPECT = /[\0\uD800-\uDFFF]/;
const UNSTORABLE = /\0|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

function clip(value: unknown): string {
  let text = String(value ?? '');
  if (text.length > MAX_TEXT) text = text.slice(0, MAX_TEXT);
  // PostgreSQL text cannot hold NUL, and both drivers would store a lone surrogate as
  // U+FFFD, so the row would no longer match the hash taken of the string.
  return SUSPECT.test(text) ? text.replace(UNSTORABLE, '\uFFFD') : text;
}

/** The project a resource name belongs to (`projects/{p}/...`), or '' for none. */
function projectOf(resource: string): string {
  if (!resource.startsWith('projects/')) return '';
  const end = resource.indexOf('/', 9);
  return end < 0 ? resource.slice(9) : resource.slice(9, end);
}

/** Build the row for an entry, with its hash; linked to `link` when the link is known. */
export function toAuditEntryRow(entry: AuditEntry, link?: { chainId: string; seq: number }): AuditEntryRow {
  const parsed = Date.parse(entry.time);
  const resource = clip(entry.resource);
  const row: AuditEntryRow = {
    time_ms: Number.isFinite(parsed) ? parsed : Date.now(),
    project: projectOf(resource),
    principal: clip(entry.principal),
    permission: clip(entry.permission),
    resource,
    method: clip(entry.method),
    status: Number.isInteger(entry.status) ? entry.status : 0,
    request_id: clip(entry.requestId),
    peer: clip(entry.peer),
    log_type: clip(entry.logType),
    service: clip(entry.service),
    entry_hash: '',
    chain_id: link?.chainId ?? null,
    link_seq: link?.seq ?? null,
  };
  row.entry_hash = hashAuditEntryRow(row);
  return row;
}

/**
 * sha256 of the canonical serialization of a row's fields. Every stored field is in it,
 * the derived `project` too, so moving an entry to another project's listing shows.
 */
export function hashAuditEntryRow(row: Omit<AuditEntryRow, 'entry_hash'>): string {
  const canonical = JSON.stringify([
    'plexus-audit-entry-v1',
    new Date(Number(row.time_ms)).toISOString(),
    row.project,
    row.principal,
    row.permission,
    row.resource,
    row.method,
    Number(row.status),
    row.request_id,
    row.peer,
    row.log_type,
    row.service,
  ]);
  return hash('sha256', canonical, 'hex');
}

/** Read a row back as an entry (the time as ISO 8601 with milliseconds). */
export function fromAuditEntryRow(row: Record<string, unknown>): StoredAuditEntry {
  const timeMs = Number(row.time_ms);
  return {
    id: String(row.id),
    timeMs,
    time: new Date(timeMs).toISOString(),
    principal: row.principal as string,
    permission: row.permission as string,
    resource: row.resource as string,
    method: row.method as string,
    status: Number(row.status),
    requestId: row.request_id as string,
    peer: row.peer as string,
    logType: row.log_type as LogType,
    service: row.service as string,
  };
}
