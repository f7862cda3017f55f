import type { RetryConfig } from '../../config/channel-config.ts';
import type { Logger } from '../logger.ts';
import { Journal, type DeliveryAttempt } from '../journal/journal.ts';
import type { JournalDeliveryRow } from '../journal/journal-row.ts';
import { BlobStore } from '../regions/blob-store.ts';
import { deleteUnreferencedBlobs } from '../regions/delete-unreferenced-blobs.ts';
import type { Region } from '../regions/region.ts';
import { computeBackoffDelay } from '../retry/compute-backoff-delay.ts';
import { WakeSignal } from '../retry/wake-signal.ts';
import { type ChannelMetrics, noChannelMetrics } from './channel-metrics.ts';
import type { ForwardDestination } from './forward-destination.ts';

const PAGE = 100;

/**
 * Delivers one forward destination's queue from the journal, in message order: the head
 * of the queue is retried with exponential backoff until it is sent or has used its
 * attempts (then it is dead-lettered as ERROR, kept for reprocessing) before the next
 * message goes. Wakes when a commit queues a delivery; resumes whatever is queued at start,
 * so deliveries a crash interrupted are made after the restart.
 */
export class ForwardDispatcher {
  private readonly journal: Journal;
  private readonly regionName: string;
  private readonly region: Region;
  private readonly blobs: BlobStore;
  private readonly signal = new WakeSignal();
  private stopped = false;
  private loop: Promise<void> | null = null;

  constructor(
    private readonly channel: string,
    private readonly destination: ForwardDestination,
    private readonly retry: RetryConfig,
    region: Region,
    private readonly logger: Logger,
    private readonly metrics: ChannelMetrics = noChannelMetrics,
  ) {
    this.journal = new Journal(region);
    this.regionName = region.name;
    this.region = region;
    this.blobs = new BlobStore(region.blobs);
  }

  get name(): string {
    return this.destination.name;
  }

  start(): void {
    this.loop ??= this.run();
  }

  /** A commit queued a delivery. */
  wake(): void {
    this.signal.wake();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.signal.interrupt();
    await this.loop;
    await this.destination.close();
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      try {
        const rows = await this.journal.queuedDeliveries(this.channel, this.destination.name, PAGE);
        if (rows.length === 0) await this.signal.sleep(null);
        else await this.deliverInOrder(rows);
      } catch (error) {
        this.logger.error({ err: error, destination: this.destination.name }, 'the journal could not be read or written; delivery resumes shortly');
        await this.signal.sleep(this.retry.initialDelayMs);
      }
    }
  }

  /** Returns when the page is done, or when its head must wait (the rest wait behind it). */
  private async deliverInOrder(rows: JournalDeliveryRow[]): Promise<void> {
    for (const row of rows) {
      if (this.stopped) return;
      const wait = Number(row.next_attempt_ms) - Date.now();
      if (wait > 0) return this.signal.sleep(wait);
      const attempt = await this.attempt(row);
      await this.journal.recordAttempt(Number(row.message_pk), this.destination.name, attempt);
      if (attempt.status === 'SENT' && row.content_blob) await this.dropBlobIfUnreferenced(row.content_blob);
      if (attempt.status === 'QUEUED') return;
    }
  }

  /** What to send: the row's bytes, or the blob of a message received as one (null when it is gone). */
  private async contentOf(row: JournalDeliveryRow): Promise<Buffer | null> {
    if (!row.content_blob) return Buffer.from(row.content ?? Buffer.alloc(0));
    if (!(await this.blobs.exists(row.content_blob))) return null;
    return this.blobs.get(row.content_blob);
  }

  /** A blob sent and kept nowhere else (storage mode metadata, no store landing) is deleted; failing that, it stays. */
  private async dropBlobIfUnreferenced(sha256: string): Promise<void> {
    await deleteUnreferencedBlobs(this.region, [sha256], this.blobs).catch((error: unknown) => {
      this.logger.warn({ err: error, destination: this.destination.name }, 'a blob sent and kept nowhere else could not be removed');
    });
  }

  private async attempt(row: JournalDeliveryRow): Promise<DeliveryAttempt> {
    const attempts = row.attempts + 1;
    const deliveryId = `${this.regionName}/${this.channel}/${row.message_pk}/${this.destination.name}`;
    const content = await this.contentOf(row);
    const result = content === null
      ? { ok: false as const, retry: false, reason: `the message's blob ${row.content_blob} is missing from the blob store`, response: null }
      : await this.destination.send(content, deliveryId);
    if (result.ok) {
      this.metrics.deliveryAttempted(this.channel, this.destination.name, 'sent');
      return { status: 'SENT', attempts, nextAttemptMs: 0, response: result.response, error: null };
    }
    const deadLetter = !result.retry || attempts >= this.retry.maxAttempts;
    this.metrics.deliveryAttempted(this.channel, this.destination.name, deadLetter ? 'dead_letter' : 'retry');
    const level = deadLetter ? 'error' : 'warn';
    this.logger[level]({ destination: this.destination.name, messagePk: Number(row.message_pk), attempts, reason: result.reason }, deadLetter ? 'delivery failed for good; dead-lettered' : 'delivery failed; it will be tried again');
    const delay = computeBackoffDelay(attempts, { initialMs: this.retry.initialDelayMs, maxMs: this.retry.maxDelayMs });
    return {
      status: deadLetter ? 'ERROR' : 'QUEUED',
      attempts,
      nextAttemptMs: deadLetter ? 0 : Date.now() + delay,
      response: result.response,
      error: result.reason,
    };
  }
}
