import { createHash } from 'node:crypto';

/** The head of another chain of the region, as a link recorded it. */
export interface AuditAnchor {
  chain: string;
  seq: number;
  hash: string;
}

/** One linked entry: its row id and its stored hash. */
export interface LinkedEntry {
  id: string;
  hash: string;
}

/** What a link's hash covers. */
export interface AuditLinkInput {
  chainId: string;
  seq: number;
  time: string;
  prevHash: string;
  /** In id order. */
  entries: LinkedEntry[];
  anchors: AuditAnchor[];
}

/** An `audit_links` row. */
export interface AuditLinkRow {
  chain_id: string;
  seq: number;
  time: string;
  prev_hash: string;
  hash: string;
  entry_count: number;
  first_entry_id: string | null;
  last_entry_id: string | null;
  anchors: string;
}

/** The `prev_hash` of a chain's first link. */
export const GENESIS_HASH = '0'.repeat(64);

/**
 * sha256 over the previous hash, the link's own fields, the ordered (id, hash) of every
 * entry it links and its anchors: a deleted, added, renumbered or reordered entry, or a
 * changed anchor, gives another hash.
 */
export function hashAuditLink(link: AuditLinkInput): string {
  const { entries } = link;
  const hash = createHash('sha256');
  hash.update(JSON.stringify([
    'plexus-audit-link-v1',
    link.chainId,
    link.seq,
    link.time,
    link.prevHash,
    entries.length,
    entries[0]?.id ?? null,
    entries[entries.length - 1]?.id ?? null,
  ]));
  for (const entry of entries) hash.update(`\n${entry.id}:${entry.hash}`);
  hash.update(`\n${JSON.stringify(link.anchors.map((a) => [a.chain, a.seq, a.hash]))}`);
  return hash.digest('hex');
}

/** The row that stores a link. */
export function toAuditLinkRow(link: AuditLinkInput): AuditLinkRow {
  const { entries } = link;
  return {
    chain_id: link.chainId,
    seq: link.seq,
    time: link.time,
    prev_hash: link.prevHash,
    hash: hashAuditLink(link),
    entry_count: entries.length,
    first_entry_id: entries[0]?.id ?? null,
    last_entry_id: entries[entries.length - 1]?.id ?? null,
    anchors: JSON.stringify(link.anchors),
  };
}

/** Compare two row ids numerically (they are decimal strings). */
export function compareEntryIds(a: string, b: string): number {
  return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
}
