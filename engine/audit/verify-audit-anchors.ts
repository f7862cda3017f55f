import type { Knex } from 'knex';
import type { AuditAnchor } from './audit-link.ts';
import type { AuditChainVerdict } from './audit-verify-report.ts';

/** An anchor as found in a link: chain `by`, link `bySeq`, recorded `anchor`. */
export interface AnchorRef {
  by: string;
  bySeq: number;
  anchor: AuditAnchor;
}

const CHUNK = 500;

/**
 * Check that every anchored head really is in the chain it names, with the hash recorded.
 * A chain cut short or rewritten after another chain anchored it fails here even when it
 * is consistent in itself. The break is reported on the anchored chain.
 */
export async function verifyAuditAnchors(db: Knex, chains: AuditChainVerdict[], refs: AnchorRef[]): Promise<void> {
  const byChain = new Map<string, AnchorRef[]>();
  for (const ref of refs) {
    const list = byChain.get(ref.anchor.chain);
    if (list) list.push(ref);
    else byChain.set(ref.anchor.chain, [ref]);
  }
  for (const [chainId, list] of byChain) {
    const hashes = await readLinkHashes(db, chainId, list.map((r) => r.anchor.seq));
    const bad = list.filter((r) => hashes.get(r.anchor.seq) !== r.anchor.hash).sort((a, b) => a.anchor.seq - b.anchor.seq)[0];
    if (bad) reportBadAnchor(chains, bad, hashes.has(bad.anchor.seq));
  }
}

async function readLinkHashes(db: Knex, chainId: string, seqs: number[]): Promise<Map<number, string>> {
  const unique = [...new Set(seqs)];
  const hashes = new Map<number, string>();
  for (let i = 0; i < unique.length; i += CHUNK) {
    const rows = await db('audit_links').select('seq', 'hash').where({ chain_id: chainId }).whereIn('seq', unique.slice(i, i + CHUNK));
    for (const row of rows as { seq: unknown; hash: string }[]) hashes.set(Number(row.seq), row.hash);
  }
  return hashes;
}

function reportBadAnchor(chains: AuditChainVerdict[], ref: AnchorRef, linkExists: boolean): void {
  const { chain, seq } = ref.anchor;
  let verdict = chains.find((c) => c.chainId === chain);
  if (!verdict) {
    verdict = { chainId: chain, links: 0, entries: 0, broken: null };
    chains.push(verdict);
  }
  const earlier = verdict.broken && verdict.broken.linkSeq !== null && verdict.broken.linkSeq <= seq;
  if (earlier) return;
  const what = linkExists ? 'has another hash than' : 'is missing, though';
  verdict.broken = {
    reason: `link ${seq} ${what} chain ${ref.by} recorded at its link ${ref.bySeq}: the chain was cut short or rewritten`,
    linkSeq: seq,
    entry: null,
  };
}
