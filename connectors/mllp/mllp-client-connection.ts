import { connect as connectNet, type Socket } from 'node:net';
import { connect as connectTls } from 'node:tls';
import type { Logger } from '../../engine/logger.ts';
import { MllpFrameReader, type MllpReadEvent } from './mllp-frame-reader.ts';

/** PEM contents (not paths). */
export interface MllpSenderTls {
  /** Authorities that sign the server's certificate (default: Node's bundled roots). */
  ca?: string | Buffer | Array<string | Buffer>;
  /** Client certificate and key, for mutual TLS. */
  cert?: string | Buffer;
  key?: string | Buffer;
  /** Name checked against the server's certificate, when it differs from `host`. */
  servername?: string;
  rejectUnauthorized?: boolean;
}

export interface MllpTarget {
  host: string;
  port: number;
  tls?: MllpSenderTls;
}

/** How one message's exchange ended, before the ACK is classified. */
export type MllpExchange =
  | { type: 'ack'; ack: Buffer }
  | { type: 'ack-too-large' }
  | { type: 'timeout' }
  | { type: 'connection-error'; reason: string };

/** Open a TCP (or TLS) connection to an MLLP server, within `timeoutMs`. */
export async function connectMllp(target: MllpTarget, timeoutMs: number, maxAckBytes: number, logger: Logger): Promise<MllpClientConnection> {
  const { host, port, tls } = target;
  const socket = tls ? connectTls({ host, port, ...tls }) : connectNet({ host, port });
  await new Promise<void>((resolve, reject) => {
    const fail = (error: Error) => {
      clearTimeout(timer);
      socket.destroy();
      reject(error);
    };
    const timer = setTimeout(() => fail(new Error(`no connection within ${timeoutMs} ms`)), timeoutMs);
    socket.once('error', fail);
    socket.once(tls ? 'secureConnect' : 'connect', () => {
      clearTimeout(timer);
      socket.off('error', fail);
      resolve();
    });
  });
  return new MllpClientConnection(socket, maxAckBytes, logger);
}

/**
 * The sender's side of one connection: one message outstanding at a time. A frame that
 * arrives when nothing is awaited (a late ACK, an unsolicited message) closes the
 * connection, so that it can never be taken for the answer to a later message.
 */
export class MllpClientConnection {
  private readonly reader: MllpFrameReader;
  private settle: ((exchange: MllpExchange) => void) | null = null;
  private lastError: string | null = null;

  constructor(
    private readonly socket: Socket,
    maxAckBytes: number,
    private readonly logger: Logger,
  ) {
    this.reader = new MllpFrameReader({ maxFrameBytes: maxAckBytes });
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => this.read(chunk));
    socket.on('error', (error) => {
      this.lastError = error.message;
    });
    socket.on('close', () => {
      this.logger.debug({ error: this.lastError }, 'MLLP sender connection closed');
      this.settle?.({ type: 'connection-error', reason: this.lastError ?? 'connection closed before the ACK' });
    });
  }

  get isOpen(): boolean {
    return !this.socket.destroyed && this.socket.writable;
  }

  /** Write a framed message and wait for the next frame; a timeout closes the connection. */
  exchange(frame: Buffer, timeoutMs: number): Promise<MllpExchange> {
    if (!this.isOpen) return Promise.resolve({ type: 'connection-error', reason: this.lastError ?? 'connection closed before the message was sent' });
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.settle?.({ type: 'timeout' });
        this.socket.destroy();
      }, timeoutMs);
      this.settle = (exchange) => {
        clearTimeout(timer);
        this.settle = null;
        resolve(exchange);
      };
      this.socket.write(frame);
    });
  }

  close(): void {
    this.socket.destroy();
  }

  private read(chunk: Buffer): void {
    for (const event of this.reader.push(chunk)) this.accept(event);
  }

  private accept(event: MllpReadEvent): void {
    if (event.type === 'outside') {
      this.logger.debug({ bytes: event.byteCount }, 'MLLP bytes outside any frame ignored');
    } else if (this.settle === null) {
      this.logger.warn('MLLP frame received with no message outstanding; closing the connection');
      this.socket.destroy();
    } else if (event.type === 'frame') {
      this.settle({ type: 'ack', ack: event.frame });
    } else {
      this.settle({ type: 'ack-too-large' });
      this.socket.destroy();
    }
  }
}
