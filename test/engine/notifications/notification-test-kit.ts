import type { Migration } from '../../../engine/regions/migration.ts';
import { groupCommitterOf } from '../../../engine/regions/group-commit.ts';
import type { Region } from '../../../engine/regions/region.ts';
import type { Notification } from '../../../engine/notifications/notification.ts';
import type { NotificationAddress } from '../../../engine/notifications/notification-address.ts';
import { notificationMigrations } from '../../../engine/notifications/notification-migrations.ts';
import { outboxOf } from '../../../engine/notifications/notification-outbox.ts';
import type { DeliveryResult, NotificationDelivery, NotificationTarget } from '../../../engine/notifications/notification-target.ts';
import { openTestRegion } from '../../helpers/test-region.ts';

export function openOutboxRegion(): Promise<Region> {
  return openTestRegion(notificationMigrations as Migration[]);
}

export const notificationFor = (name: string): Notification => ({ name, attributes: { msgType: 'ADT' }, publishTime: new Date().toISOString() });

/** Commit one notification to `addresses` through the region's group commit. */
export function commitNotification(region: Region, name: string, addresses: NotificationAddress[]): Promise<void> {
  return groupCommitterOf(region).commit((tx) => outboxOf(region).enqueue(tx, notificationFor(name), addresses));
}

/**
 * A target that records what it is given and answers from a script (`results`, then
 * success), so tests see every attempt.
 */
export class RecordingTarget implements NotificationTarget {
  readonly attempts: Array<NotificationDelivery & { at: number }> = [];
  readonly delivered: NotificationDelivery[] = [];
  private waiters: Array<{ count: number; resolve: () => void }> = [];

  constructor(private readonly results: DeliveryResult[] = []) {}

  async deliver(delivery: NotificationDelivery): Promise<DeliveryResult> {
    this.attempts.push({ ...delivery, at: Date.now() });
    const result = this.results.shift() ?? { ok: true };
    if (result.ok) this.delivered.push(delivery);
    for (const waiter of this.waiters.filter((w) => this.delivered.length >= w.count)) waiter.resolve();
    return result;
  }

  /** Resolves once `count` deliveries succeeded. */
  deliveredCount(count: number): Promise<void> {
    if (this.delivered.length >= count) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ count, resolve }));
  }

  async close(): Promise<void> {}
}

/** Names (`name` of the notification JSON) in delivery order. */
export const namesOf = (deliveries: NotificationDelivery[]): string[] => deliveries.map((d) => (JSON.parse(String(d.body)) as Notification).name);
