import { filter, from, groupBy, mergeMap, Subject, type Subscription } from 'rxjs';
import type { AckMode, RetryConfig, StorageMode } from '../../config/channel-config.ts';
import type { AuditLog } from '../audit/audit-log.ts';
import type { Logger } from '../logger.ts';
import { Journal } from '../journal/journal.ts';
import { type MinuteCount, MinuteCounters } from '../journal/minute-counters.ts';
import { pruneJournal } from '../journal/prune-journal.ts';
import { receivedRawOf } from '../journal/read-channel-message-content.ts';
import type { JournalMessageRow } from '../journal/journal-row.ts';
import type { BlobStore } from '../regions/blob-store.ts';
import type { Region } from '../regions/region.ts';
import type { StoreDestination } from './channel-destination.ts';
import { type ChannelMetrics, noChannelMetrics } from './channel-metrics.ts';
import { ForwardDispatcher } from './forward-dispatcher.ts';
import type { ForwardDestination } from './forward-destination.ts';
import type { Envelope } from './envelope.ts';
import { MessageCommitter } from './message-committer.ts';
import { newEnvelope } from './new-envelope.ts';
import type { ChannelReceiver } from './channel-receiver.ts';
import type { ReceivedMessage } from './received-message.ts';
import { runStages } from './run-stages.ts';
import type { Stage } from './stage.ts';

export interface ChannelRuntimeOptions {
  name: string;
  project: string;
  /** The channel's home location, which names it; a routing channel also runs in other regions. */
  home: string;
  /** The region this runtime journals and writes in. */
  region: Region;
  ack: AckMode;
  storage: StorageMode;
  /** Journal rows older than this many days are pruned (hourly); null keeps them. */
  retentionDays: number | null;
  /** Messages of one source connection processed at once (default 1: in arrival order). */
  concurrency?: number;
  stages: readonly Stage[];
  stores: readonly StoreDestination[];
  /** With each one's retry policy. */
  forwards: ReadonlyArray<{ destination: ForwardDestination; retry: RetryConfig }>;
  blobs: BlobStore;
  audit: AuditLog;
  logger: Logger;
  metrics?: ChannelMetrics;
}

interface Pending {
  message: ReceivedMessage;
  resolve: (envelope: Envelope) => void;
}

const PRUNE_INTERVAL_MS = 3600_000;
const COUNTER_FLUSH_MS = 60_000;
const DAY_MS = 86_400_000;

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
export class ChannelRuntime implements ChannelReceiver {
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
  private readonly metrics: ChannelMetrics;
  private subscription: Subscription | null = null;
  private drained: Promise<void> = Promise.resolve();
  private retryTimer: NodeJS.Timeout | null = null;
  private pruneTimer: NodeJS.Timeout | null = null;
  /** When the last message came (epoch ms); the start time until one does. */
  lastReceivedAt = Date.now();
  private readonly counters: MinuteCounters;
  private counterTimer: NodeJS.Timeout | null = null;
  private pruning: Promise<void> | null = null;
  private recovering: Promise<void> | null = null;

  constructor(private readonly options: ChannelRuntimeOptions) {
    this.region = options.region;
    this.resource = `projects/${options.project}/locations/${options.home}/channels/${options.name}`;
    this.logger = options.logger.child({ channel: this.resource, region: options.region.name });
    this.journal = new Journal(options.region);
    this.metrics = options.metrics ?? noChannelMetrics;
    this.counters = new MinuteCounters(options.region, options.name);
    this.dispatchers = options.forwards.map(({ destination, retry }) => new ForwardDispatcher(options.name, destination, retry, options.region, this.logger, this.metrics));
    this.committer = new MessageCommitter({
      region: options.region,
      blobs: options.blobs,
      audit: options.audit,
      channelResource: this.resource,
      storage: options.storage,
      stores: options.stores,
      forwards: this.dispatchers,
      logger: this.logger,
    });
  }

  /** Finish what a crash interrupted (messages journaled on receipt), then take messages. */
  async start(): Promise<void> {
    this.drained = new Promise<void>((resolve) => {
      this.subscription = this.inbox.pipe(
        groupBy((pending) => pending.message.origin.connectionId, {
          duration: (group) => this.closedConnections.pipe(filter((id) => id === group.key)),
        }),
        // concurrency 1 (the default): one message of a connection at a time, in arrival order.
        mergeMap((group) => group.pipe(mergeMap((pending) => from(this.process(pending)), this.options.concurrency ?? 1))),
      ).subscribe({ complete: resolve, error: resolve });
    });
    await this.recoverUnfinished();
    for (const dispatcher of this.dispatchers) dispatcher.start();
    this.counterTimer = setInterval(() => void this.flushCounters(), COUNTER_FLUSH_MS);
    this.counterTimer.unref();
    if (this.options.retentionDays !== null) {
      this.pruneTimer = setInterval(() => void this.prune(), PRUNE_INTERVAL_MS);
      this.pruneTimer.unref();
      void this.prune();
    }
  }

  /** Per-minute counts of the last `hours` (at most 24), counted so far. */
  async minuteCounts(hours = 24): Promise<MinuteCount[]> {
    await this.flushCounters();
    return this.counters.read(Date.now() - Math.min(hours, 24) * 3600_000);
  }

  private async flushCounters(): Promise<void> {
    try {
      await this.counters.flush();
    } catch (error) {
      this.logger.warn({ err: error }, 'per-minute counters could not be written; they are counted again from now');
    }
  }

  /** Delete journal rows past the retention period (never a message still in work). */
  prune(): Promise<void> {
    const days = this.options.retentionDays;
    if (days === null) return Promise.resolve();
    this.pruning ??= pruneJournal(this.region, this.options.blobs, this.options.name, new Date(Date.now() - days * DAY_MS).toISOString())
      .then((deleted) => {
        if (deleted > 0) this.logger.info({ deleted, retentionDays: days }, 'journal pruned');
      })
      .catch((error: unknown) => this.logger.error({ err: error }, 'the journal could not be pruned; tried again within the hour'))
      .finally(() => {
        this.pruning = null;
      });
    return this.pruning;
  }

  receive(message: ReceivedMessage): Promise<Envelope> {
    // A completed Subject drops what it is given: a message arriving while the channel stops
    // (or is redeployed) is answered as a system failure (AR, 503) instead of never.
    if (this.inbox.closed || this.inbox.isStopped) {
      const envelope = newEnvelope(this.options.name, message);
      return Promise.resolve(this.systemFailure(envelope, new Error('the channel is stopping')));
    }
    return new Promise<Envelope>((resolve) => this.inbox.next({ message, resolve }));
  }

  /** The source closed a connection: its ordering group ends. */
  connectionClosed(connectionId: string): void {
    this.closedConnections.next(connectionId);
  }

  /** A dead-lettered delivery was queued again (`:retryDelivery`): its dispatcher takes it now. False: no such forward. */
  wakeForward(destination: string): boolean {
    const dispatcher = this.dispatchers.find((d) => d.name === destination);
    dispatcher?.wake();
    return dispatcher !== undefined;
  }

  /** Call after the source stopped: lets every message in hand finish. */
  async stop(): Promise<void> {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    if (this.pruneTimer) clearInterval(this.pruneTimer);
    if (this.counterTimer) clearInterval(this.counterTimer);
    await this.pruning;
    this.inbox.complete();
    await this.drained;
    await this.recovering;
    this.subscription?.unsubscribe();
    await Promise.all(this.dispatchers.map((dispatcher) => dispatcher.stop()));
    await this.flushCounters();
  }

  /** Messages waiting in each forward destination's queue. */
  async queueDepths(): Promise<Map<string, number>> {
    return new Map(await Promise.all(this.dispatchers.map(async (d) => [d.name, await this.journal.queuedCount(this.options.name, d.name)] as const)));
  }

  private async process(pending: Pending): Promise<void> {
    this.lastReceivedAt = Date.now();
    const started = performance.now();
    const envelope = newEnvelope(this.options.name, pending.message);
    const resolve = (done: Envelope) => {
      const status = done.error?.kind === 'system' ? 'SYSTEM_ERROR' : done.status;
      this.metrics.messageDone(this.options.name, status, (performance.now() - started) / 1000);
      pending.resolve(done);
    };
    // A rejected message is journaled as ERROR and answered as such, whatever the ack mode.
    if (this.options.ack === 'on-receipt' && envelope.status !== 'ERROR') {
      let pk: number;
      try {
        pk = await this.committer.journalReceived(envelope);
      } catch (error) {
        return resolve(this.systemFailure(envelope, error));
      }
      resolve(envelope);
      await this.finishReceived(pk, envelope);
      return;
    }
    await runStages(this.options.stages, envelope);
    try {
      await this.committer.commitNew(envelope);
      this.counters.count(envelope.status);
    } catch (error) {
      this.systemFailure(envelope, error);
    }
    resolve(envelope);
  }

  /** The second half of on-receipt: stages and the commit; on failure the row stays RECEIVED and is tried again. */
  private async finishReceived(pk: number, envelope: Envelope): Promise<void> {
    try {
      await runStages(this.options.stages, envelope);
      await this.committer.commitReceived(pk, envelope);
      this.counters.count(envelope.status);
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
    const received = (await receivedRawOf(this.region, row)) ?? { raw: Buffer.alloc(0) };
    const origin = { connectionId: row.connection_id, peer: row.peer, principal: `journal:${row.connection_id}`, method: 'journal recovery' };
    return newEnvelope(this.options.name, { ...received, contentType: row.content_type, origin }, row.message_id, row.received_time);
  }
}
