import type { Knex } from 'knex';
import type { Region } from '../regions/region.ts';
import { fromAuditEntryRow, hashAuditEntryRow, type AuditEntryRow } from './audit-entry-row.ts';
import { type AuditAnchor, GENESIS_HASH, hashAuditLink } from './audit-link.ts';
import type { AuditBreak, AuditBreakEntry, AuditChainVerdict, AuditVerifyReport } from './audit-verify-report.ts';
import { type AnchorRef, verifyAuditAnchors } from './verify-audit-anchors.ts';

type Row = Record<string, unknown>;

/** Links per read; with up to a batch of entries each, this bounds what verify holds in memory. */
const LINK_PAGE = 50;

/**
 * Check every chain of a region: each entry against its own hash, each link against the
 * entries it covers, the previous link and its anchors, and each anchor against the chain
 * it names. Reports the first break per chain.
 */
export async function verifyAuditChains(region: Region): Promise<AuditVerifyReport> {
  const db = region.db;
  const chainIds = await listChainIds(db);
  const refs: AnchorRef[] = [];
  const chains: AuditChainVerdict[] = [];
  for (const chainId of chainIds) chains.push(await verifyChain(db, chainId, refs));
  await verifyAuditAnchors(db, chains, refs);
  const [{ count }] = await db('audit_entries').whereNull('link_seq').count({ count: '*' });
  return { region: region.name, chains, unlinked: Number(count), ok: chains.every((c) => c.broken === null) };
}

async function listChainIds(db: Knex): Promise<string[]> {
  const fromLinks = await db('audit_links').distinct('chain_id');
  const fromHeads = await db('audit_chains').select('chain_id');
  const ids = new Set([...fromLinks, ...fromHeads].map((r: Row) => r.chain_id as string));
  return [...ids].sort();
}

async function verifyChain(db: Knex, chainId: string, refs: AnchorRef[]): Promise<AuditChainVerdict> {
  const verdict: AuditChainVerdict = { chainId, links: 0, entries: 0, broken: null };
  // The head is read first: links a live linker appends meanwhile lie beyond it and are left for the next run.
  const head: Row | undefined = await db('audit_chains').where({ chain_id: chainId }).first();
  const lastSeq = head ? Number(head.head_seq) : Number.MAX_SAFE_INTEGER;
  let prevHash = GENESIS_HASH;
  for (;;) {
    const links: Row[] = await db('audit_links').where({ chain_id: chainId }).andWhere('seq', '>', verdict.links).andWhere('seq', '<=', lastSeq)
      .orderBy('seq').limit(LINK_PAGE);
    if (links.length === 0) break;
    const byLink = await readLinkedEntries(db, chainId, Number(links[0].seq), Number(links[links.length - 1].seq));
    for (const link of links) {
      const rows = byLink.get(Number(link.seq)) ?? [];
      verdict.broken = checkLink(chainId, link, rows, verdict.links + 1, prevHash);
      if (verdict.broken) return verdict;
      for (const anchor of JSON.parse(link.anchors as string) as AuditAnchor[]) refs.push({ by: chainId, bySeq: verdict.links + 1, anchor });
      prevHash = link.hash as string;
      verdict.links++;
      verdict.entries += rows.length;
    }
  }
  verdict.broken = checkHead(head, verdict.links, prevHash) ?? (await checkOrphans(db, chainId));
  return verdict;
}

async function readLinkedEntries(db: Knex, chainId: string, fromSeq: number, toSeq: number): Promise<Map<number, Row[]>> {
  const rows: Row[] = await db('audit_entries').where({ chain_id: chainId }).whereBetween('link_seq', [fromSeq, toSeq]).orderBy('link_seq').orderBy('id');
  const byLink = new Map<number, Row[]>();
  for (const row of rows) {
    const seq = Number(row.link_seq);
    const group = byLink.get(seq);
    if (group) group.push(row);
    else byLink.set(seq, [row]);
  }
  return byLink;
}

function checkLink(chainId: string, link: Row, rows: Row[], expectedSeq: number, prevHash: string): AuditBreak | null {
  const seq = Number(link.seq);
  const first = firstEntry(link, rows);
  if (seq !== expectedSeq) return { reason: `link ${expectedSeq} is missing (the chain goes on at link ${seq})`, linkSeq: expectedSeq, entry: first };
  if (link.prev_hash !== prevHash) return { reason: `link ${seq} does not follow link ${seq - 1}: its previous hash differs`, linkSeq: seq, entry: first };
  for (const row of rows) {
    if (hashAuditEntryRow(row as unknown as AuditEntryRow) !== row.entry_hash) {
      return { reason: `entry ${String(row.id)} was altered after it was written: its fields no longer match its hash`, linkSeq: seq, entry: breakEntry(row) };
    }
  }
  let anchors: AuditAnchor[];
  try {
    anchors = JSON.parse(link.anchors as string) as AuditAnchor[];
  } catch {
    return { reason: `link ${seq} has unreadable anchors`, linkSeq: seq, entry: first };
  }
  const entries = rows.map((r) => ({ id: String(r.id), hash: r.entry_hash as string }));
  const hash = hashAuditLink({ chainId, seq, time: link.time as string, prevHash, entries, anchors });
  if (hash === link.hash) return null;
  return { reason: linkMismatchReason(link, rows), linkSeq: seq, entry: first };
}

function linkMismatchReason(link: Row, rows: Row[]): string {
  const seq = Number(link.seq);
  const declared = `${Number(link.entry_count)} entries (ids ${String(link.first_entry_id)} to ${String(link.last_entry_id)})`;
  if (rows.length !== Number(link.entry_count)) {
    return `link ${seq} covers ${declared} but ${rows.length} are there: entries were deleted, added or moved`;
  }
  return `link ${seq} does not match its hash: an entry of it (${declared}) was replaced or renumbered, or the link was altered`;
}

function checkHead(head: Row | undefined, links: number, lastHash: string): AuditBreak | null {
  if (!head) return links === 0 ? null : { reason: `the chain's head record is missing`, linkSeq: null, entry: null };
  const headSeq = Number(head.head_seq);
  if (links < headSeq) return { reason: `link ${links + 1} is missing: the chain's head is link ${headSeq}, so links were deleted`, linkSeq: links + 1, entry: null };
  if (head.head_hash !== lastHash) return { reason: `link ${links} is not the chain's recorded head: links were replaced`, linkSeq: links, entry: null };
  return null;
}

/** Entries that name a link of this chain that does not exist (the link was deleted). */
async function checkOrphans(db: Knex, chainId: string): Promise<AuditBreak | null> {
  const orphan: Row | undefined = await db('audit_entries as e')
    .where('e.chain_id', chainId)
    .whereNotExists((q) => q.select(db.raw('1')).from('audit_links as l').whereRaw('l.chain_id = e.chain_id').andWhereRaw('l.seq = e.link_seq'))
    .orderBy('e.id')
    .first('e.*');
  if (!orphan) return null;
  return { reason: `entry ${String(orphan.id)} names link ${Number(orphan.link_seq)}, which the chain does not have`, linkSeq: Number(orphan.link_seq), entry: breakEntry(orphan) };
}

/** The link's first entry as it recorded it; only its id when that row is gone. */
function firstEntry(link: Row, rows: Row[]): AuditBreakEntry | null {
  if (link.first_entry_id === null || link.first_entry_id === undefined) return rows[0] ? breakEntry(rows[0]) : null;
  const id = String(link.first_entry_id);
  return rows[0] && String(rows[0].id) === id ? breakEntry(rows[0]) : { id, time: null, resource: null };
}

function breakEntry(row: Row): AuditBreakEntry {
  const entry = fromAuditEntryRow(row);
  return { id: entry.id, time: entry.time, resource: entry.resource };
}
