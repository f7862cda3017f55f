import type { SqlTx } from '../regions/sql-tx.ts';
import type { Region } from '../regions/region.ts';
import type { AuditEntry, LogType } from './audit-entry.ts';

/**
 * The one shared hook every store and connector audits through. Entries land in the
 * region of the data they describe.
 */
export interface AuditLog {
  /** True when this kind of entry is kept (admin activity always; data access per config). */
  isEnabled(service: string, logType: LogType): boolean;
  /**
   * Queue an entry; it is written with the next batch (a few milliseconds). Past
   * `audit.maxQueuedEntries` unwritten in the region, the entry is dropped and counted.
   */
  record(region: Region, entry: AuditEntry): void;
  /** True while the region's queue is full (its database failing): refuse what would be audited there. */
  isBacklogged(region: Region): boolean;
  /** Write an entry inside the caller's transaction, so it commits with the write it describes. */
  recordIn(tx: SqlTx, entry: AuditEntry): Promise<void>;
  /** Write everything queued so far. */
  flush(): Promise<void>;
  /** Flush, link what is unlinked, and stop the timers. */
  close(): Promise<void>;
}
