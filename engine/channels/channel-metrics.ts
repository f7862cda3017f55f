import { Counter, Histogram, type Registry } from 'prom-client';
import type { EnvelopeStatus } from './envelope.ts';

/** What a channel reports to Prometheus: messages by outcome, commit latency, forward attempts. */
export interface ChannelMetrics {
  /** A message's fate is committed (or failed to be): `status`, and seconds from receipt. */
  messageDone(channel: string, status: EnvelopeStatus | 'SYSTEM_ERROR', seconds: number): void;
  /** One forward attempt: `sent`, `retry` or `dead_letter`. */
  deliveryAttempted(channel: string, destination: string, outcome: 'sent' | 'retry' | 'dead_letter'): void;
}

export const noChannelMetrics: ChannelMetrics = { messageDone: () => undefined, deliveryAttempted: () => undefined };

export function createChannelMetrics(registry: Registry): ChannelMetrics {
  const messages = new Counter({
    name: 'plexus_channel_messages_total',
    help: 'Messages a channel committed, by status (TRANSFORMED, FILTERED, ERROR, RECEIVED for on-receipt) or SYSTEM_ERROR when the commit failed',
    labelNames: ['channel', 'status'] as const,
    registers: [registry],
  });
  const latency = new Histogram({
    name: 'plexus_channel_message_seconds',
    help: 'From receipt to the commit the sender is answered after, per channel',
    labelNames: ['channel'] as const,
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1, 5],
    registers: [registry],
  });
  const deliveries = new Counter({
    name: 'plexus_channel_deliveries_total',
    help: 'Forward delivery attempts per channel and destination: sent, retry (will be tried again), dead_letter',
    labelNames: ['channel', 'destination', 'outcome'] as const,
    registers: [registry],
  });
  return {
    messageDone(channel, status, seconds) {
      messages.inc({ channel, status });
      latency.observe({ channel }, seconds);
    },
    deliveryAttempted(channel, destination, outcome) {
      deliveries.inc({ channel, destination, outcome });
    },
  };
}
