import type { NatsDestinationConfig } from '../../config/channel-config.ts';
import type { ForwardDestination, ForwardResult } from '../../engine/channels/forward-destination.ts';
import { NatsNotificationTarget } from './nats-notification-target.ts';

/**
 * A channel's `nats:` destination: the message bytes published to a subject, with the
 * delivery id as `Nats-Msg-Id` so a JetStream stream drops a re-sent copy. Through
 * JetStream (its ack awaited) when a stream covers the subject; with `jetstream: true` a
 * subject no stream covers is a failure, retried until one does, instead of a core publish
 * nobody may keep.
 */
export class NatsForwardDestination implements ForwardDestination {
  private readonly publisher: NatsNotificationTarget;

  constructor(readonly name: string, private readonly config: NatsDestinationConfig) {
    this.publisher = new NatsNotificationTarget({ url: config.url, timeoutMs: config.timeoutMs });
  }

  async send(content: Buffer, deliveryId: string): Promise<ForwardResult> {
    const result = await this.publisher.deliver({ address: this.config.subject, body: content, notificationId: deliveryId, requireStream: this.config.jetstream });
    return result.ok ? { ok: true, response: `published to ${this.config.subject}` } : { ...result, response: null };
  }

  close(): Promise<void> {
    return this.publisher.close();
  }
}
