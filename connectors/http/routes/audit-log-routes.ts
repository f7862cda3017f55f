import { createHash } from 'node:crypto';
import type { StoredAuditEntry } from '../../../engine/audit/audit-entry-row.ts';
import { parseAuditFilter } from '../../../engine/audit/audit-filter.ts';
import { type AuditPosition, listAuditEntries } from '../../../engine/audit/list-audit-entries.ts';
import { invalidArgument } from '../../../engine/errors/api-error.ts';
import type { Region } from '../../../engine/regions/region.ts';
import type { Regions } from '../../../engine/regions/regions.ts';
import type { ApiRequest, ApiResponse, ApiRoute } from '../api-route.ts';
import { decodePageToken, encodePageToken, parsePageSize } from '../../../engine/page-token.ts';
import { singleQuery } from '../single-query.ts';

export interface AuditLogRouteDeps {
  regions: Regions;
}

const DEFAULT_PAGE_SIZE = 100;
const MAX_PAGE_SIZE = 1000;

/**
 * Where each region's listing stands: after `[timeMs, id]`, at the `start`, or `done`.
 * A token carries one per region, so a project-wide listing resumes every region where it was.
 */
type RegionPosition = [number, string] | 'start' | 'done';

interface AuditPageToken {
  /** The filter the token was issued for (a hash), so a changed filter is refused, not misapplied. */
  f: string;
  p: Record<string, RegionPosition>;
}

function isPosition(value: unknown): value is RegionPosition {
  if (value === 'start' || value === 'done') return true;
  return Array.isArray(value) && value.length === 2 && Number.isSafeInteger(value[0]) && typeof value[1] === 'string' && /^\d{1,19}$/.test(value[1]);
}

function isAuditPageToken(value: unknown): value is AuditPageToken {
  const token = value as AuditPageToken;
  return typeof token === 'object' && token !== null && typeof token.f === 'string' &&
    typeof token.p === 'object' && token.p !== null && Object.values(token.p).every(isPosition);
}

/** The audit log of a location, and of a whole project across locations (merged, newest first). */
export function auditLogRoutes(deps: AuditLogRouteDeps): ApiRoute[] {
  const common = {
    method: 'GET',
    permission: 'plexus.auditLogs.list',
    service: 'audit',
    logType: 'ADMIN_READ',
    query: ['filter', 'pageSize', 'pageToken'],
  } as const;
  return [
    { ...common, pattern: 'projects/{project}/locations/{location}/auditLogs', handler: (request) => listAuditLogs(request, [request.region!]) },
    { ...common, pattern: 'projects/{project}/auditLogs', handler: (request) => listAuditLogs(request, deps.regions.all()) },
  ];
}

interface Candidate {
  region: string;
  entry: StoredAuditEntry;
}

/** What one region gave for this page; null when it was already done. */
interface RegionPage {
  region: string;
  candidates: Candidate[] | null;
}

async function listAuditLogs(request: ApiRequest, regions: Region[]): Promise<ApiResponse> {
  const filterText = singleQuery(request.query, 'filter') ?? '';
  const filter = parseAuditFilter(filterText);
  const pageSize = parsePageSize(singleQuery(request.query, 'pageSize'), DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE);
  const filterKey = createHash('sha256').update(filterText).digest('base64url').slice(0, 16);
  const positions = startPositions(decodePageToken(singleQuery(request.query, 'pageToken'), isAuditPageToken), filterKey, regions);
  const fetched = await Promise.all(regions.map(async (region): Promise<RegionPage> => {
    const position = positions[region.name];
    if (position === 'done') return { region: region.name, candidates: null };
    const after: AuditPosition | null = position === 'start' ? null : { timeMs: position[0], id: position[1] };
    const entries = await listAuditEntries(region, { project: request.params.project, filter, after, limit: pageSize + 1 });
    return { region: region.name, candidates: entries.map((entry) => ({ region: region.name, entry })) };
  }));
  const page = fetched.flatMap((f) => f.candidates ?? []).sort(newestFirst).slice(0, pageSize);
  const next = nextPositions(positions, fetched, page, pageSize);
  const more = Object.values(next).some((p) => p !== 'done');
  return {
    body: {
      auditLogs: page.map((c) => toAuditLogJson(request.params.project, c)),
      ...(more ? { nextPageToken: encodePageToken({ f: filterKey, p: next } satisfies AuditPageToken) } : {}),
    },
  };
}

function startPositions(token: AuditPageToken | null, filterKey: string, regions: Region[]): Record<string, RegionPosition> {
  if (!token) return Object.fromEntries(regions.map((r) => [r.name, 'start' as const]));
  if (token.f !== filterKey) throw invalidArgument('pageToken was issued for another filter: pass the same filter with it');
  const names = regions.map((r) => r.name);
  if (Object.keys(token.p).length !== names.length || names.some((name) => !Object.hasOwn(token.p, name))) {
    throw invalidArgument('invalid pageToken: it was issued for another listing');
  }
  return token.p;
}

/** Time, then location, then id, newest first: the order each location's own keyset follows. */
function newestFirst(a: Candidate, b: Candidate): number {
  return b.entry.timeMs - a.entry.timeMs || (a.region < b.region ? -1 : a.region > b.region ? 1 : 0) ||
    b.entry.id.length - a.entry.id.length || (b.entry.id < a.entry.id ? -1 : b.entry.id > a.entry.id ? 1 : 0);
}

/** Each region moves to its last entry on this page; it is done when the page took everything it had left. */
function nextPositions(positions: Record<string, RegionPosition>, fetched: RegionPage[], page: Candidate[], pageSize: number): Record<string, RegionPosition> {
  const next = { ...positions };
  for (const { region, candidates } of fetched) {
    if (!candidates) continue;
    const taken = page.filter((c) => c.region === region);
    const last = taken[taken.length - 1];
    if (taken.length === candidates.length && candidates.length <= pageSize) next[region] = 'done';
    else if (last) next[region] = [last.entry.timeMs, last.entry.id];
    else if (positions[region] === 'start') next[region] = justBefore(candidates[0].entry);
  }
  return next;
}

/**
 * A position that still includes `entry` but nothing written after this page: a region
 * that gave nothing to the first page must not start over from whatever is newest later.
 */
function justBefore(entry: StoredAuditEntry): RegionPosition {
  return [entry.timeMs, (BigInt(entry.id) + 1n).toString()];
}

function toAuditLogJson(project: string, { region, entry }: Candidate): Record<string, unknown> {
  return {
    name: `projects/${project}/locations/${region}/auditLogs/${entry.id}`,
    time: entry.time,
    principal: entry.principal,
    permission: entry.permission,
    resource: entry.resource,
    method: entry.method,
    status: entry.status,
    requestId: entry.requestId,
    peer: entry.peer,
    logType: entry.logType,
    service: entry.service,
  };
}
