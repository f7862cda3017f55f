/** The kinds of target the outbox delivers to. */
export type NotificationTargetKind = 'nats' | 'webhook';

/** Where one notification goes: a NATS subject, or a webhook by its name in plexus.yaml. */
export interface NotificationAddress {
  target: NotificationTargetKind;
  address: string;
}
