import type { NotificationTargetKind } from './notification-address.ts';

/** One delivery: the row's address, its JSON body, and the id receivers deduplicate by. */
export interface NotificationDelivery {
  address: string;
  /** JSON for notifications; a channel's NATS destination publishes the message bytes. */
  body: string | Uint8Array;
  notificationId: string;
  /** Only a JetStream stream's ack counts as delivered (a channel destination's `jetstream: true`). */
  requireStream?: boolean;
}

/**
 * The outcome of one attempt. `retry` false means the target refused the notification for
 * good (a webhook's 4xx, an unknown webhook name): it is dead-lettered. `reason` is logged
 * and kept, so it names codes and statuses, never content.
 */
export type DeliveryResult = { ok: true } | { ok: false; retry: boolean; reason: string };

/** A kind of destination for notifications (NATS, webhooks): a connector implements it. */
export interface NotificationTarget {
  deliver(delivery: NotificationDelivery): Promise<DeliveryResult>;
  close(): Promise<void>;
}

export type NotificationTargets = Partial<Record<NotificationTargetKind, NotificationTarget>>;
