/** What `verifyAuditChains` found in one region. */

/** The entry a break names; time and resource are null when the row itself is gone. */
export interface AuditBreakEntry {
  id: string;
  time: string | null;
  resource: string | null;
}

/** The first thing found wrong in a chain. */
export interface AuditBreak {
  reason: string;
  linkSeq: number | null;
  entry: AuditBreakEntry | null;
}

export interface AuditChainVerdict {
  chainId: string;
  /** Links and entries verified before the first break (all of them when intact). */
  links: number;
  entries: number;
  broken: AuditBreak | null;
}

export interface AuditVerifyReport {
  region: string;
  chains: AuditChainVerdict[];
  /** Entries not linked yet (written by a transaction after the last batch of any linker). */
  unlinked: number;
  ok: boolean;
}
