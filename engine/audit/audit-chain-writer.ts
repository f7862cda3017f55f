import { hostname } from 'node:os';
import type { Region } from '../regions/region.ts';
import { insertRows } from '../regions/insert-rows.ts';
import { runTransaction } from '../regions/run-transaction.ts';
import type { SqlTx } from '../regions/sql-tx.ts';
import type { AuditEntry } from './audit-entry.ts';
import { toAuditEntryRow } from './audit-entry-row.ts';
import { type AuditAnchor, compareEntryIds, GENESIS_HASH, type LinkedEntry, toAuditLinkRow } from './audit-link.ts';

/** At most this many rows left unlinked by others are taken into one link; the rest wait for the next. */
const LINK_LIMIT = 5000;
/** Rows per INSERT or UPDATE statement, within both dialects' bound-parameter limits. */
const CHUNK = 500;

interface ChainHead {
  seq: number;
  hash: string;
}

export interface BatchOutcome {
  /** Entries the new link covers (0 when no link was written). */
  linked: number;
  /** True when unlinked rows may remain beyond this batch's limit. */
  more: boolean;
}

interface TransactionResult extends BatchOutcome {
  head: ChainHead | null;
  anchors: AuditAnchor[];
}

/**
 * Writes one region's batches for one chain: each batch, in ONE transaction, inserts the
 * queued entries, takes the rows other transactions left unlinked (explicitly, skipping
 * rows another linker holds), and appends one link over all of them.
 */
export class AuditChainWriter {
  /** The committed head; null until read, and after a failure whose commit state is unknown. */
  private head: ChainHead | null = null;
  private lastAnchorAt = Number.NEGATIVE_INFINITY;
  /** The seq of each other chain this chain last anchored, so an unchanged head is not repeated. */
  private readonly anchored = new Map<string, number>();

  constructor(
    private readonly region: Region,
    readonly chainId: string,
    private readonly anchorIntervalMs: number,
  ) {}

  async writeBatch(entries: AuditEntry[]): Promise<BatchOutcome> {
    const now = Date.now();
    const anchorDue = now - this.lastAnchorAt >= this.anchorIntervalMs;
    let result: TransactionResult;
    try {
      result = await runTransaction(this.region, (tx) => this.link(tx, entries, anchorDue));
    } catch (error) {
      this.head = null;
      throw error;
    }
    if (result.head) this.head = result.head;
    if (anchorDue) {
      this.lastAnchorAt = now;
      for (const anchor of result.anchors) this.anchored.set(anchor.chain, anchor.seq);
    }
    return { linked: result.linked, more: result.more };
  }

  private async link(tx: SqlTx, queued: AuditEntry[], anchorDue: boolean): Promise<TransactionResult> {
    const head = this.head ?? (await this.readHead(tx));
    const seq = head.seq + 1;
    const unlinked = await this.takeUnlinked(tx);
    const inserted = await this.insertLinked(tx, queued, seq);
    const anchors = anchorDue ? await this.readAnchors(tx) : [];
    if (unlinked.length === 0 && inserted.length === 0 && anchors.length === 0) {
      return { linked: 0, more: false, head: null, anchors };
    }
    for (let i = 0; i < unlinked.length; i += CHUNK) {
      const ids = unlinked.slice(i, i + CHUNK).map((e) => e.id);
      await tx.run(this.db('audit_entries').update({ chain_id: this.chainId, link_seq: seq }).whereIn('id', ids));
    }
    const entries = unlinked.concat(inserted).sort((a, b) => compareEntryIds(a.id, b.id));
    const time = new Date().toISOString();
    const link = toAuditLinkRow({ chainId: this.chainId, seq, time, prevHash: head.hash, entries, anchors });
    await tx.run(this.db('audit_links').insert(link));
    if (head.seq === 0) {
      await tx.run(this.db('audit_chains').insert({
        chain_id: this.chainId, host: hostname(), pid: process.pid, started: time, head_seq: seq, head_hash: link.hash, head_time: time,
      }));
    } else {
      await tx.run(this.db('audit_chains').update({ head_seq: seq, head_hash: link.hash, head_time: time }).where({ chain_id: this.chainId }));
    }
    return { linked: entries.length, more: unlinked.length === LINK_LIMIT, head: { seq, hash: link.hash }, anchors };
  }

  private get db() {
    return this.region.db;
  }

  private async readHead(tx: SqlTx): Promise<ChainHead> {
    const [row] = (await tx.run(this.db('audit_chains').select('head_seq', 'head_hash').where({ chain_id: this.chainId }))).rows;
    return row ? { seq: Number(row.head_seq), hash: row.head_hash as string } : { seq: 0, hash: GENESIS_HASH };
  }

  /** Rows committed unlinked by write transactions (ours or a dead process's), by selection, never by id range. */
  private async takeUnlinked(tx: SqlTx): Promise<LinkedEntry[]> {
    const query = this.db('audit_entries').select('id', 'entry_hash').whereNull('link_seq').orderBy('id').limit(LINK_LIMIT);
    const { rows } = await tx.run(this.region.dialect.forUpdateSkipLocked(query));
    return (rows as { id: unknown; entry_hash: string }[]).map((r) => ({ id: String(r.id), hash: r.entry_hash }));
  }

  private async insertLinked(tx: SqlTx, entries: AuditEntry[], seq: number): Promise<LinkedEntry[]> {
    const linked: LinkedEntry[] = [];
    const link = { chainId: this.chainId, seq };
    const rows = entries.map((entry) => toAuditEntryRow(entry, link) as unknown as Record<string, unknown>);
    const returned = await insertRows<{ id: unknown; entry_hash: string }>(tx, 'audit_entries', rows, ['id', 'entry_hash']);
    for (const r of returned) linked.push({ id: String(r.id), hash: r.entry_hash });
    return linked;
  }

  /** The heads of the region's other chains that moved since this chain last anchored them. */
  private async readAnchors(tx: SqlTx): Promise<AuditAnchor[]> {
    const { rows } = await tx.run(this.db('audit_chains').select('chain_id', 'head_seq', 'head_hash').whereNot({ chain_id: this.chainId }).orderBy('chain_id'));
    return (rows as { chain_id: string; head_seq: unknown; head_hash: string }[])
      .map((r) => ({ chain: r.chain_id, seq: Number(r.head_seq), hash: r.head_hash }))
      .filter((a) => this.anchored.get(a.chain) !== a.seq);
  }
}
