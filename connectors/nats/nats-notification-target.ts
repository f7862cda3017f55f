import { connect, headers, type JetStreamClient, type JetStreamManager, type NatsConnection } from 'nats';
import type { DeliveryResult, NotificationDelivery, NotificationTarget } from '../../engine/notifications/notification-target.ts';

export interface NatsTargetOptions {
  /** `nats://host:port` (credentials in the URL, if any). */
  url: string;
  /** Longest wait for a connection, a flush or a JetStream ack. */
  timeoutMs: number;
}

interface NatsSession {
  connection: NatsConnection;
  jetstream: JetStreamClient;
  manager: JetStreamManager;
}

/** How long "subject S is in a stream" is believed before it is asked again. */
const STREAM_LOOKUP_MS = 10_000;
/** "Not in a stream" is asked again sooner: a stream created for a waiting queue is found quickly. */
const NO_STREAM_LOOKUP_MS = 1000;
const encoder = new TextEncoder();

/**
 * Publishes notifications to NATS subjects. When a JetStream stream covers the subject,
 * through JetStream, waiting for the stream's ack: delivered means stored, and the
 * notification id as `Nats-Msg-Id` lets the stream drop a redelivery within its duplicate
 * window. Otherwise a core publish followed by a flush (the server has it). The connection
 * opens on the first delivery and again after it is lost.
 */
export class NatsNotificationTarget implements NotificationTarget {
  private session: Promise<NatsSession> | null = null;
  private readonly streams = new Map<string, { covered: boolean; until: number }>();

  constructor(private readonly options: NatsTargetOptions) {}

  async deliver(delivery: NotificationDelivery): Promise<DeliveryResult> {
    let session: NatsSession;
    try {
      session = await this.open();
    } catch (error) {
      return { ok: false, retry: true, reason: `cannot connect to NATS: ${describe(error)}` };
    }
    try {
      await this.publish(session, delivery);
      return { ok: true };
    } catch (error) {
      return { ok: false, retry: true, reason: `NATS publish failed: ${describe(error)}` };
    }
  }

  async close(): Promise<void> {
    const session = this.session;
    this.session = null;
    await session?.then((s) => s.connection.close(), () => undefined);
  }

  private async publish(session: NatsSession, { address, body, notificationId, requireStream }: NotificationDelivery): Promise<void> {
    const data = typeof body === 'string' ? encoder.encode(body) : body;
    if (await this.isCoveredByStream(session, address)) {
      await session.jetstream.publish(address, data, { msgID: notificationId, timeout: this.options.timeoutMs });
      return;
    }
    if (requireStream) throw new Error(`no JetStream stream covers the subject ${address}`);
    const header = headers();
    header.set('Nats-Msg-Id', notificationId);
    session.connection.publish(address, data, { headers: header });
    await withTimeout(session.connection.flush(), this.options.timeoutMs, 'no flush acknowledgement in time');
  }

  private async isCoveredByStream(session: NatsSession, subject: string): Promise<boolean> {
    const known = this.streams.get(subject);
    if (known && known.until > Date.now()) return known.covered;
    let covered: boolean;
    try {
      await session.manager.streams.find(subject);
      covered = true;
    } catch (error) {
      // No stream has the subject, or the server has no JetStream (no responders): a core publish.
      if (!/no stream matches subject/.test((error as Error).message) && (error as { code?: string }).code !== '503') throw error;
      covered = false;
    }
    this.streams.set(subject, { covered, until: Date.now() + (covered ? STREAM_LOOKUP_MS : NO_STREAM_LOOKUP_MS) });
    return covered;
  }

  /** The session, connecting when there is none; a failed or closed connection is forgotten so the next delivery reconnects. */
  private open(): Promise<NatsSession> {
    if (this.session) return this.session;
    const session = this.connect();
    const forget = () => {
      if (this.session === session) this.session = null;
    };
    session.then((s) => void s.connection.closed().then(forget), forget);
    this.session = session;
    return session;
  }

  private async connect(): Promise<NatsSession> {
    const { url, timeoutMs } = this.options;
    // Reconnects forever once connected: meanwhile publishes fail by their timeout and are retried from the outbox.
    const connection = await connect({ servers: url, name: 'plexus-notifications', timeout: timeoutMs, maxReconnectAttempts: -1 });
    const manager = await connection.jetstreamManager({ checkAPI: false, timeout: timeoutMs });
    return { connection, jetstream: connection.jetstream({ timeout: timeoutMs }), manager };
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** NATS errors carry a code (CONNECTION_REFUSED, TIMEOUT, 503) that says more than their text. */
function describe(error: unknown): string {
  const { code, message } = error as { code?: string; message?: string };
  return code && !message?.includes(code) ? `${code}: ${message}` : (message ?? String(error));
}
