import type { SqlTx } from '../regions/sql-tx.ts';
import type { Envelope } from './envelope.ts';

/**
 * A destination written inside the channel's commit transaction: a store of the channel's
 * region. Landing is idempotent per message (the same content lands once), so a replay
 * never duplicates. A typed content error (an ApiError other than UNAVAILABLE or INTERNAL)
 * marks the message ERROR; anything else is a system failure the sender retries.
 */
export interface StoreDestination {
  readonly name: string;
  /** The store's resource name, as the audit log records it. */
  readonly resource: string;
  /** The permission the landing exercises, for the audit entry (`healthcare.hl7V2Messages.create`). */
  readonly permission: string;
  /** The audit service (`hl7v2`). */
  readonly service: string;
  /**
   * Work done before the commit transaction opens, so the transaction never waits on it:
   * a DICOM store puts an instance received as bytes into the blob store.
   */
  prepare?(envelope: Envelope): Promise<void>;
  /** Land the message; resolves with what the store made of it (a resource name), for the journal. */
  land(tx: SqlTx, envelope: Envelope): Promise<string>;
}
