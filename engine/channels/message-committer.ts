import type { StorageMode } from '../../config/channel-config.ts';
import type { AuditEntry } from '../audit/audit-entry.ts';
import type { AuditLog } from '../audit/audit-log.ts';
import type { Logger } from '../logger.ts';
import { ApiError } from '../errors/api-error.ts';
import { type DeliveryWrite, Journal, type JournalRaw } from '../journal/journal.ts';
import type { BlobStore } from '../regions/blob-store.ts';
import { deleteUnreferencedBlobs } from '../regions/delete-unreferenced-blobs.ts';
import { groupCommitterOf } from '../regions/group-commit.ts';
import type { Region } from '../regions/region.ts';
import type { SqlTx } from '../regions/sql-tx.ts';
import type { StoreDestination } from './channel-destination.ts';
import type { Envelope } from './envelope.ts';

/** Raw content above this size is kept in the blob store and referenced from the journal row. */
export const RAW_INLINE_LIMIT = 1024 * 1024;

export interface MessageCommitterOptions {
  region: Region;
  blobs: BlobStore;
  audit: AuditLog;
  /** `projects/{p}/locations/{l}/channels/{c}`, as the audit log names the channel. */
  channelResource: string;
  storage: StorageMode;
  stores: readonly StoreDestination[];
  /** Forward destinations' queues: a committed message is queued for each, and its dispatcher woken. */
  forwards: readonly ForwardQueue[];
  logger: Logger;
}

/** A forward destination's dispatcher, as the commit sees it. */
export interface ForwardQueue {
  readonly name: string;
  wake(): void;
}

const NO_RAW: JournalRaw = { bytes: null, blob: null };

/** A store refused the message for its content (a duplicate the store rejects, say). */
class LandingRefused extends Error {
  constructor(readonly destination: string, readonly refusal: ApiError) {
    super(refusal.message);
  }
}

/**
 * The commit of a message (DESIGN.md "A message's way through", step 4): its journal row,
 * the stage outputs the storage mode keeps, every store landing and the audit rows, in ONE
 * group-committed transaction. A store that refuses the message for its content turns it
 * into an ERROR row (raw kept for reprocessing) in a second commit; any other failure is a
 * system failure, thrown for the source to answer AR.
 */
export class MessageCommitter {
  private readonly journal: Journal;

  constructor(private readonly options: MessageCommitterOptions) {
    this.journal = new Journal(options.region);
  }

  /** Commit a message processed in one go (ack mode on-commit or none). */
  async commitNew(envelope: Envelope): Promise<void> {
    await this.commitOrRecordRefusal(envelope, async () => {
      await this.prepareLandings(envelope);
      const raw = this.keepsRaw(envelope) ? await this.rawRef(envelope) : NO_RAW;
      return (tx) => this.write(tx, null, envelope, raw);
    });
    await this.dropUnkeptBlob(envelope);
  }

  /** On-receipt, first half: the journal row alone, raw kept until the message is processed. */
  async journalReceived(envelope: Envelope): Promise<number> {
    const raw = await this.rawRef(envelope);
    return groupCommitterOf(this.options.region).commit((tx) => this.journal.insertMessage(tx, envelope, raw));
  }

  /** On-receipt, second half (also after a restart): the rest of the commit, onto the row `pk`. */
  async commitReceived(pk: number, envelope: Envelope): Promise<void> {
    await this.commitOrRecordRefusal(envelope, async () => {
      await this.prepareLandings(envelope);
      return (tx) => this.write(tx, pk, envelope, NO_RAW);
    });
    await this.dropUnkeptBlob(envelope);
  }

  /**
   * A message received as a blob that the journal does not keep (storage mode metadata)
   * and no store landed: its bytes go once the forward deliveries no longer need them. The
   * message is committed by now: a failure here leaves the blob, never fails the message.
   */
  private async dropUnkeptBlob(envelope: Envelope): Promise<void> {
    if (!envelope.rawBlob || this.keepsRaw(envelope)) return;
    await deleteUnreferencedBlobs(this.options.region, [envelope.rawBlob.sha256], this.options.blobs).catch((error: unknown) => {
      this.options.logger.warn({ err: error, messageId: envelope.messageId }, 'the blob of a message the journal does not keep could not be removed');
    });
  }

  /** `prepare` runs again for the ERROR row, whose raw bytes are kept whatever the storage mode. */
  private async commitOrRecordRefusal(envelope: Envelope, prepare: () => Promise<(tx: SqlTx) => Promise<void>>): Promise<void> {
    try {
      await groupCommitterOf(this.options.region).commit(await prepare());
    } catch (error) {
      if (!(error instanceof LandingRefused)) throw error;
      envelope.status = 'ERROR';
      envelope.error = { kind: 'content', stage: `destination ${error.destination}`, text: error.message, code: error.refusal.code === 'ALREADY_EXISTS' ? 205 : 207 };
      await groupCommitterOf(this.options.region).commit(await prepare());
    }
  }

  /** Store destinations' work outside the transaction; only for a message that will land. */
  private async prepareLandings(envelope: Envelope): Promise<void> {
    if (envelope.status !== 'TRANSFORMED') return;
    for (const store of this.options.stores) await store.prepare?.(envelope);
  }

  /** `pk` null: insert the row; otherwise update the on-receipt row (raw then dropped unless kept). */
  private async write(tx: SqlTx, pk: number | null, envelope: Envelope, raw: JournalRaw): Promise<void> {
    let rowPk: number;
    if (pk === null) {
      rowPk = await this.journal.insertMessage(tx, envelope, raw);
    } else {
      rowPk = pk;
      await this.journal.updateMessage(tx, pk, envelope, this.keepsRaw(envelope));
    }
    if (this.options.storage === 'full') await this.journal.insertOutputs(tx, rowPk, envelope.outputs);
    const deliveries: DeliveryWrite[] = [];
    if (envelope.status === 'TRANSFORMED') {
      for (const store of this.options.stores) deliveries.push(await this.land(tx, store, envelope));
      // A message received as a blob, unchanged by the stages, is sent from the blob.
      const contentBlob = envelope.rawBlob && envelope.content === envelope.raw ? envelope.rawBlob.sha256 : null;
      for (const forward of this.options.forwards) {
        deliveries.push({ destination: forward.name, status: 'QUEUED', attempts: 0, nextAttemptMs: Date.now(), content: contentBlob ? null : envelope.content, contentBlob, response: null, error: null });
        tx.afterCommit(() => forward.wake());
      }
    }
    await this.journal.insertDeliveries(tx, rowPk, envelope.channel, deliveries);
    await this.auditIn(tx, this.channelEntry(envelope));
  }

  private async land(tx: SqlTx, store: StoreDestination, envelope: Envelope): Promise<DeliveryWrite> {
    let response: string;
    try {
      response = await store.land(tx, envelope);
    } catch (error) {
      if (error instanceof ApiError && error.code !== 'UNAVAILABLE' && error.code !== 'INTERNAL') throw new LandingRefused(store.name, error);
      throw error;
    }
    await this.auditIn(tx, {
      ...this.channelEntry(envelope),
      permission: store.permission,
      resource: store.resource,
      service: store.service,
      method: `channel ${this.options.channelResource}`,
    });
    return { destination: store.name, status: 'SENT', attempts: 1, nextAttemptMs: 0, content: null, contentBlob: null, response, error: null };
  }

  private async auditIn(tx: SqlTx, entry: AuditEntry): Promise<void> {
    if (this.options.audit.isEnabled(entry.service, entry.logType)) await this.options.audit.recordIn(tx, entry);
  }

  private channelEntry(envelope: Envelope): AuditEntry {
    return {
      time: new Date().toISOString(),
      principal: envelope.origin.principal,
      permission: 'plexus.channels.send',
      resource: this.options.channelResource,
      method: envelope.origin.method,
      status: envelope.status === 'ERROR' ? (envelope.error?.kind === 'system' ? 503 : 400) : 200,
      requestId: envelope.messageId,
      peer: envelope.origin.peer,
      logType: 'DATA_WRITE',
      service: 'channels',
    };
  }

  /** Errors keep their raw bytes whatever the storage mode: bad input stays reprocessable. */
  private keepsRaw(envelope: Envelope): boolean {
    return this.options.storage !== 'metadata' || envelope.status === 'ERROR';
  }

  private async rawRef(envelope: Envelope): Promise<JournalRaw> {
    // Received as a blob: the header stages read in the row, the whole already in the blob store.
    if (envelope.rawBlob) return { bytes: envelope.raw, blob: envelope.rawBlob.sha256 };
    if (envelope.raw.length <= RAW_INLINE_LIMIT) return { bytes: envelope.raw, blob: null };
    return { bytes: null, blob: await this.options.blobs.put(envelope.raw) };
  }
}
