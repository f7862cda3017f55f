import { concatMap, filter, from, groupBy, mergeMap, Subject, type Subscription } from 'rxjs';
import type { AckMode, RetryConfig, StorageMode } from '../../config/channel-config.ts';
import type { AuditLog } from '../audit/audit-log.ts';
import type { Logger } from '../logger.ts';
import { Journal } from '../journal/journal.ts';
import type { JournalMessageRow } from '../journal/journal-row.ts';
import type { BlobStore } from '../regions/blob-store.ts';
import type { Region } from '../regions/region.ts';
import type { StoreDestination } from './channel-destination.ts';
import { ForwardDispatcher } from './forward-dispatcher.ts';
import type { ForwardDestination } from './forward-destination.ts';
import type { Envelope } from './envelope.ts';
import { MessageCommitter } from './message-committer.ts';
import { newEnvelope } from './new-envelope.ts';
import type { ReceivedMessage } from './received-message.ts';
import { runStages } from './run-stages.ts';
import type { Stage } from './stage.ts';

export interface ChannelRuntimeOptions {
  name: string;
  project: string;
  region: Region;
  ack: AckMode;
  storage: StorageMode;
  stages: readonly Stage[];
  stores: readonly StoreDestination[];
  /** With each one's retry policy. */
  forwards: ReadonlyArray<{ destination: ForwardDestination; retry: RetryConfig }>;
  blobs: BlobStore;
  audit: AuditLog;
  logger: Logger;
}

interface Pending {
  message: ReceivedMessage;
  resolve: (envelope: Envelope) => void;
}

/** How long after a failed on-receipt commit the journal's unfinished messages are tried again. */
const RETRY_UNFINISHED_MS = 5000;
const RECOVERY_PAGE = 100;

/**
 * One running channel: messages from its source go through its stages and commit (journal,
 * store landings and audit in one transaction), in arrival order per source connection
 * (`groupBy` connection, then `concatMap`) while connections run side by side and share
 * group commits. `receive` resolves when the sender may be answered: after the commit
 * (`on-commit`, `none`), or once the journal row alone has committed (`on-receipt`); the
 * envelope's status and error say what to answer.
 */
export class ChannelRuntime {
  /** `projects/{p}/locations/{l}/channels/{c}`. */
  readonly resource: string;
  /** The channel's home: its journal is there. */
  readonly region: Region;
  private readonly inbox = new Subject<Pending>();
  private readonly closedConnections = new Subject<string>();
  private readonly committer: MessageCommitter;
  private readonly dispatchers: ForwardDispatcher[];
  private readonly journal: Journal;
  private readonly logger: Logger;
  private subscription: Subscription | null = null;
  private drained: Promise<void> = Promise.resolve();
  private retryTimer: NodeJS.Timeout | null = null;
  private recovering: Promise<void> | null = null;

  constructor(private readonly options: ChannelRuntimeOptions) {
    this.region = options.region;
    this.resource = `projects/${options.project}/locations/${options.region.name}/channels/${options.name}`;
    this.logger = options.logger.child({ channel: this.resource });
    this.journal = new Journal(options.region);
    this.dispatchers = options.forwards.map(({ destination, retry }) => new ForwardDispatcher(options.name, destination, retry, options.region, this.logger));
    this.committer = new MessageCommitter({
      region: options.region,
      blobs: options.blobs,
      audit: options.audit,
      channelResource: this.resource,
      storage: options.storage,
      stores: options.stores,
      forwards: this.dispatchers,
    });
  }

  /** Finish what a crash interrupted (messages journaled on receipt), then take messages. */
  async start(): Promise<void> {
    this.drained = new Promise<void>((resolve) => {
      this.subscription = this.inbox.pipe(
        groupBy((pending) => pending.message.origin.connectionId, {
          duration: (group) => this.closedConnections.pipe(filter((id) => id === group.key)),
        }),
        mergeMap((group) => group.pipe(concatMap((pending) => from(this.process(pending))))),
      ).subscribe({ complete: resolve, error: resolve });
    });
    await this.recoverUnfinished();
    for (const dispatcher of this.dispatchers) dispatcher.start();
  }

  receive(message: ReceivedMessage): Promise<Envelope> {
    return new Promise<Envelope>((resolve) => this.inbox.next({ message, resolve }));
  }

  /** The source closed a connection: its ordering group ends. */
  connectionClosed(connectionId: string): void {
    this.closedConnections.next(connectionId);
  }

  /** Call after the source stopped: lets every message in hand finish. */
  async stop(): Promise<void> {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.inbox.complete();
    await this.drained;
    await this.recovering;
    this.subscription?.unsubscribe();
    await Promise.all(this.dispatchers.map((dispatcher) => dispatcher.stop()));
  }

  private async process(pending: Pending): Promise<void> {
    const envelope = newEnvelope(this.options.name, pending.message);
    if (this.options.ack === 'on-receipt') {
      let pk: number;
      try {
        pk = await this.committer.journalReceived(envelope);
      } catch (error) {
        return pending.resolve(this.systemFailure(envelope, error));
      }
      pending.resolve(envelope);
      await this.finishReceived(pk, envelope);
      return;
    }
    await runStages(this.options.stages, envelope);
    try {
      await this.committer.commitNew(envelope);
    } catch (error) {
      this.systemFailure(envelope, error);
    }
    pending.resolve(envelope);
  }

  /** The second half of on-receipt: stages and the commit; on failure the row stays RECEIVED and is tried again. */
  private async finishReceived(pk: number, envelope: Envelope): Promise<void> {
    try {
      await runStages(this.options.stages, envelope);
      await this.committer.commitReceived(pk, envelope);
    } catch (error) {
      this.logger.error({ err: error, messageId: envelope.messageId }, 'a message journaled on receipt could not be committed; it is tried again');
      this.retryUnfinishedSoon();
    }
  }

  private systemFailure(envelope: Envelope, error: unknown): Envelope {
    this.logger.error({ err: error, messageId: envelope.messageId }, 'a message could not be committed; the sender is asked to send it again');
    envelope.status = 'ERROR';
    envelope.error = { kind: 'system', stage: 'commit', text: 'the message could not be stored; send it again later', code: 207 };
    return envelope;
  }

  private retryUnfinishedSoon(): void {
    if (this.retryTimer || this.inbox.closed) return;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      void this.recoverUnfinished();
    }, RETRY_UNFINISHED_MS);
    this.retryTimer.unref();
  }

  /** Messages journaled on receipt whose commit never happened (a crash, a database outage). */
  private recoverUnfinished(): Promise<void> {
    this.recovering ??= (async () => {
      try {
        for (;;) {
          const rows = await this.journal.unfinished(this.options.name, RECOVERY_PAGE);
          for (const row of rows) await this.finishReceived(Number(row.id), await this.envelopeOf(row));
          if (rows.length < RECOVERY_PAGE || this.retryTimer) break;
        }
      } catch (error) {
        this.logger.error({ err: error }, 'unfinished messages could not be read from the journal; tried again soon');
        this.retryUnfinishedSoon();
      } finally {
        this.recovering = null;
      }
    })();
    return this.recovering;
  }

  private async envelopeOf(row: JournalMessageRow): Promise<Envelope> {
    const raw = row.raw_blob ? await this.options.blobs.get(row.raw_blob) : Buffer.from(row.raw ?? Buffer.alloc(0));
    const origin = { connectionId: row.connection_id, peer: row.peer, principal: `journal:${row.connection_id}`, method: 'journal recovery' };
    return newEnvelope(this.options.name, { raw, contentType: row.content_type, origin }, row.message_id, row.received_time);
  }
}
