import type { Logger } from '../logger.ts';
import type { Region } from '../regions/region.ts';
import { type BackoffPolicy, computeBackoffDelay } from '../retry/compute-backoff-delay.ts';
import type { NotificationTargetKind } from './notification-address.ts';
import { outboxOf } from './notification-outbox.ts';
import type { DeliveryResult, NotificationTargets } from './notification-target.ts';
import type { OutboxRow, OutboxSettlement } from './outbox-row.ts';
import { processDueOutboxRows } from './process-due-outbox-rows.ts';
import { WakeSignal } from '../retry/wake-signal.ts';

export interface NotificationDispatcherOptions {
  region: Region;
  targets: NotificationTargets;
  retry: BackoffPolicy;
  /** How often the outbox is read when no commit wakes the dispatcher (rows a crash left, retries due). */
  pollIntervalMs: number;
  logger: Logger;
}

/** Rows per claim. */
const BATCH = 100;
/** No new delivery starts in a batch after this long, so that a claim (a held transaction on PostgreSQL) stays short. */
const BATCH_BUDGET_MS = 5000;

/**
 * Delivers a region's outbox, at least once and oldest first: woken by each commit that
 * adds rows, and polling for rows left by a crash or due for a retry. Rows of one address
 * go in order, one at a time; different addresses are delivered side by side. A failed
 * delivery is retried with exponential backoff, and the address's later rows wait with it
 * rather than hammer a target that is down; a refusal for good is dead-lettered (kept,
 * logged). Logs name targets, addresses and notification ids, never the body.
 */
export class NotificationDispatcher {
  /** Addresses whose last delivery failed, and when they may be tried again. */
  private readonly failing = new Map<string, number>();
  private readonly signal = new WakeSignal();
  private stopped = false;
  private loop: Promise<void> | null = null;
  private unsubscribe: (() => void) | null = null;

  constructor(private readonly options: NotificationDispatcherOptions) {}

  start(): void {
    this.unsubscribe ??= outboxOf(this.options.region).onCommitted(() => this.wake());
    this.loop ??= this.run();
  }

  /** A commit added rows: deliver them now rather than at the next poll. */
  wake(): void {
    this.signal.wake();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.unsubscribe?.();
    this.signal.interrupt();
    await this.loop;
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      const { rows, progressed } = await this.dispatchBatch();
      if (rows === BATCH && progressed) continue;
      // Rows were due but none could be delivered: their targets fail, and commits should not spin the loop meanwhile.
      await this.signal.sleep(this.options.pollIntervalMs, rows === 0 || progressed);
    }
  }

  /** One claim: how many rows were due, and whether any was settled for good (delivered or dead). */
  private async dispatchBatch(): Promise<{ rows: number; progressed: boolean }> {
    let progressed = false;
    try {
      const rows = await processDueOutboxRows(this.options.region, BATCH, async (claimed) => {
        const settlements = await this.deliverBatch(claimed);
        progressed = settlements.some((s) => s.kind === 'delivered' || s.kind === 'dead');
        return settlements;
      });
      return { rows, progressed };
    } catch (error) {
      this.options.logger.error({ err: error, region: this.options.region.name }, 'the notification outbox could not be read or written; delivery resumes shortly');
      return { rows: 0, progressed: false };
    }
  }

  private async deliverBatch(rows: OutboxRow[]): Promise<OutboxSettlement[]> {
    const deadline = Date.now() + BATCH_BUDGET_MS;
    const byAddress = new Map<string, OutboxRow[]>();
    for (const row of rows) {
      const key = `${row.target} ${row.address}`;
      const queue = byAddress.get(key);
      if (queue) queue.push(row);
      else byAddress.set(key, [row]);
    }
    const settled = await Promise.all([...byAddress].map(([key, queue]) => this.deliverInOrder(key, queue, deadline)));
    return settled.flat();
  }

  /** One address's rows in order; once one fails, the rest wait as long as it does. */
  private async deliverInOrder(key: string, queue: OutboxRow[], deadline: number): Promise<OutboxSettlement[]> {
    const settlements: OutboxSettlement[] = [];
    for (const [i, row] of queue.entries()) {
      const failingUntil = this.failing.get(key) ?? 0;
      if (failingUntil > Date.now()) {
        return [...settlements, ...queue.slice(i).map((r): OutboxSettlement => ({ kind: 'postponed', id: Number(r.id), nextAttemptMs: failingUntil }))];
      }
      if (this.stopped || Date.now() > deadline) break;
      const settlement = await this.attempt(row);
      if (settlement.kind === 'retry') this.failing.set(key, settlement.nextAttemptMs);
      else this.failing.delete(key);
      settlements.push(settlement);
    }
    return settlements;
  }

  private async attempt(row: OutboxRow): Promise<OutboxSettlement> {
    const id = Number(row.id);
    const attempts = row.attempts + 1;
    const result = await this.send(row);
    if (result.ok) return { kind: 'delivered', id };
    const about = { region: this.options.region.name, target: row.target, address: row.address, notificationId: row.notification_id, attempts, reason: result.reason };
    if (!result.retry) {
      this.options.logger.error(about, 'notification refused for good; dead-lettered (kept in the outbox)');
      return { kind: 'dead', id, attempts, error: result.reason };
    }
    const delayMs = computeBackoffDelay(attempts, this.options.retry);
    this.options.logger.warn({ ...about, delayMs }, 'notification delivery failed; it will be tried again');
    return { kind: 'retry', id, attempts, nextAttemptMs: Date.now() + delayMs, error: result.reason };
  }

  private async send(row: OutboxRow): Promise<DeliveryResult> {
    const target = this.options.targets[row.target as NotificationTargetKind];
    if (!target) return { ok: false, retry: false, reason: `no ${row.target} target is configured (notifications in plexus.yaml)` };
    try {
      return await target.deliver({ address: row.address, body: row.body, notificationId: row.notification_id });
    } catch (error) {
      return { ok: false, retry: true, reason: `delivery threw: ${(error as Error).message}` };
    }
  }
}
