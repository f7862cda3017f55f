import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from '../../engine/logger.ts';
import { computeBackoffDelay, type BackoffPolicy } from '../../engine/retry/compute-backoff-delay.ts';
import { encodeMllpFrame } from './encode-mllp-frame.ts';
import { connectMllp, type MllpClientConnection, type MllpExchange, type MllpTarget } from './mllp-client-connection.ts';
import { readAckFields, readMessageControlId, type AckCode } from './read-ack-fields.ts';

export type MllpSendOutcome = AckCode | 'timeout' | 'connection-error' | 'malformed-ack';

export interface MllpSendResult {
  outcome: MllpSendOutcome;
  /** The ACK exactly as received (unframed); null when none came. */
  ack: Buffer | null;
  /** Why a connection error or timeout happened, for logs and the journal. */
  reason?: string;
}

export interface MllpSenderOptions extends MllpTarget {
  ackTimeoutMs: number;
  /** Default: `ackTimeoutMs`. */
  connectTimeoutMs?: number;
  /** Largest ACK accepted (default 1 MiB); a larger one is a malformed ACK. */
  maxAckBytes?: number;
  /** Delay between failed attempts (default 500 ms doubling up to 30 s, jittered). */
  backoff?: BackoffPolicy;
  logger: Logger;
}

const DEFAULT_BACKOFF: BackoffPolicy = { initialMs: 500, maxMs: 30_000 };
const DEFAULT_MAX_ACK_BYTES = 1024 * 1024;

/**
 * An MLLP client that keeps one connection to its destination and sends one message at a
 * time, in the order `send` was called. It never retries a message itself (the journal
 * decides); after a failure it waits a growing, jittered delay before its next connection
 * attempt. A timeout closes the connection, so a late ACK is never matched to a later message.
 */
export class MllpSender {
  private readonly abort = new AbortController();
  private connection: MllpClientConnection | null = null;
  private tail: Promise<unknown> = Promise.resolve();
  private failures = 0;
  private nextAttemptAt = 0;

  constructor(private readonly options: MllpSenderOptions) {}

  send(message: Buffer): Promise<MllpSendResult> {
    if (this.abort.signal.aborted) return Promise.reject(new Error('MLLP sender is closed'));
    const result = this.tail.then(() => this.sendNow(message));
    this.tail = result.catch(() => undefined);
    return result;
  }

  /** Close the connection; a message in flight ends as a connection error. */
  async close(): Promise<void> {
    this.abort.abort();
    this.connection?.close();
    await this.tail;
  }

  private async sendNow(message: Buffer): Promise<MllpSendResult> {
    const connection = await this.connect();
    if (typeof connection === 'string') return { outcome: 'connection-error', ack: null, reason: connection };
    const exchange = await connection.exchange(encodeMllpFrame(message), this.options.ackTimeoutMs);
    return this.classify(exchange, readMessageControlId(message));
  }

  /** The open connection, a new one, or why there is none. */
  private async connect(): Promise<MllpClientConnection | string> {
    if (this.connection?.isOpen) return this.connection;
    const wait = this.nextAttemptAt - Date.now();
    if (wait > 0) await sleep(wait, undefined, { signal: this.abort.signal }).catch(() => undefined);
    if (this.abort.signal.aborted) return 'MLLP sender is closed';
    const { connectTimeoutMs, ackTimeoutMs, maxAckBytes, logger } = this.options;
    try {
      this.connection = await connectMllp(this.options, connectTimeoutMs ?? ackTimeoutMs, maxAckBytes ?? DEFAULT_MAX_ACK_BYTES, logger);
      if (this.abort.signal.aborted) {
        this.connection.close();
        return 'MLLP sender is closed';
      }
      logger.info({ host: this.options.host, port: this.options.port }, 'MLLP sender connected');
      return this.connection;
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      this.recordFailure(reason);
      return reason;
    }
  }

  private classify(exchange: MllpExchange, controlId: string | null): MllpSendResult {
    switch (exchange.type) {
      case 'ack':
        this.failures = 0;
        this.nextAttemptAt = 0;
        return this.classifyAck(exchange.ack, controlId);
      case 'ack-too-large':
        return { outcome: 'malformed-ack', ack: null, reason: 'ACK larger than the maximum' };
      case 'timeout': {
        const reason = `no ACK within ${this.options.ackTimeoutMs} ms`;
        this.recordFailure(reason);
        return { outcome: 'timeout', ack: null, reason };
      }
      case 'connection-error':
        this.recordFailure(exchange.reason);
        return { outcome: 'connection-error', ack: null, reason: exchange.reason };
    }
  }

  /**
   * An ACK whose MSA-2 names another message (a stale or unsolicited answer) means the
   * connection is out of step: it is closed, so that later messages start clean. An empty
   * MSA-2 is tolerated, as some receivers leave it out.
   */
  private classifyAck(ack: Buffer, controlId: string | null): MllpSendResult {
    const fields = readAckFields(ack);
    if (fields === null) return { outcome: 'malformed-ack', ack, reason: 'no MSA segment with a known MSA-1 code' };
    if (controlId !== null && fields.controlId !== '' && fields.controlId !== controlId) {
      this.connection?.close();
      return { outcome: 'malformed-ack', ack, reason: `the ACK answers control id "${fields.controlId}", not "${controlId}"` };
    }
    return { outcome: fields.code, ack };
  }

  private recordFailure(reason: string): void {
    this.failures += 1;
    const delayMs = computeBackoffDelay(this.failures, this.options.backoff ?? DEFAULT_BACKOFF);
    this.nextAttemptAt = Date.now() + delayMs;
    this.options.logger.warn({ host: this.options.host, port: this.options.port, reason, failures: this.failures, retryInMs: delayMs }, 'MLLP send failed');
  }
}
