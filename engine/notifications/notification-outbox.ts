import { randomUUID } from 'node:crypto';
import type { Region } from '../regions/region.ts';
import type { SqlTx } from '../regions/sql-tx.ts';
import type { Notification } from './notification.ts';
import type { NotificationAddress } from './notification-address.ts';

/**
 * The outbox of one region: stores add notification rows inside the transaction of the
 * write they announce, so a notification exists exactly when its write committed; the
 * region's dispatcher delivers them afterwards and is woken by each such commit.
 */
export class NotificationOutbox {
  private readonly listeners = new Set<() => void>();
  private readonly signal = () => {
    for (const listener of this.listeners) listener();
  };

  constructor(private readonly region: Region) {}

  /** Add one row per address in `tx`; nothing is added for no address. */
  async enqueue(tx: SqlTx, notification: Notification, addresses: readonly NotificationAddress[]): Promise<void> {
    if (addresses.length === 0) return;
    const now = Date.now();
    const common = {
      notification_id: randomUUID().replaceAll('-', ''),
      body: JSON.stringify(notification),
      status: 'PENDING',
      attempts: 0,
      next_attempt_ms: now,
      create_time: new Date(now).toISOString(),
    };
    await tx.run(this.region.db('notification_outbox').insert(addresses.map(({ target, address }) => ({ ...common, target, address }))));
    tx.afterCommit(this.signal);
  }

  /** Call `listener` after each commit that added rows; returns the unsubscribe. */
  onCommitted(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

const outboxes = new WeakMap<Region, NotificationOutbox>();

/** The one outbox of a region in this process. */
export function outboxOf(region: Region): NotificationOutbox {
  let outbox = outboxes.get(region);
  if (!outbox) {
    outbox = new NotificationOutbox(region);
    outboxes.set(region, outbox);
  }
  return outbox;
}
