import type { Socket } from 'node:net';
import type { Logger } from '../../engine/logger.ts';
import { encodeMllpFrame } from './encode-mllp-frame.ts';
import { MllpFrameReader, type MllpReadEvent } from './mllp-frame-reader.ts';

/** Who is on the other end of an MLLP connection. */
export interface MllpPeer {
  address: string;
  port: number;
  /** Common name of the client certificate, when mutual TLS verified one. */
  certificateSubject?: string;
}

export interface MllpMessageContext {
  /** Unique per connection: the channel runtime keeps arrival order per connection id. */
  connectionId: string;
  peer: MllpPeer;
}

/**
 * `handleMessage` answers a frame with the ACK bytes to send (unframed), or null to send
 * nothing (ack mode none). Building NAKs is its job; a throw is a bug, logged at error,
 * and the connection is closed so the sender retries. `answerOversized` builds the AR for
 * a frame past the maximum from the frame's head.
 */
export interface MllpHandlers {
  handleMessage(frame: Buffer, context: MllpMessageContext): Promise<Buffer | null>;
  answerOversized(head: Buffer, context: MllpMessageContext): Buffer;
}

export interface MllpServerConnectionOptions extends MllpHandlers {
  maxFrameBytes: number;
  idleTimeoutMs: number;
  logger: Logger;
}

type QueuedFrame = { type: 'frame'; frame: Buffer } | { type: 'oversized'; head: Buffer };

/** Frames read ahead of the handler before the socket is paused (TCP then slows the sender). */
const MAX_QUEUED_FRAMES = 32;

/**
 * One accepted MLLP connection. Frames are answered strictly in arrival order: the next
 * frame's handler starts only once the previous ACK is written. The connection ends after
 * an oversized frame's AR, after the peer's own end once everything is answered, on idle
 * timeout, or when shut down.
 */
export class MllpServerConnection {
  readonly closed: Promise<void>;
  private readonly reader: MllpFrameReader;
  private readonly queue: QueuedFrame[] = [];
  private readonly logger: Logger;
  private draining: Promise<void> | null = null;
  /** An ACK handed to the socket whose write has not completed. */
  private writing = false;
  private takingFrames = true;
  private framesReceived = 0;
  private acksSent = 0;

  constructor(
    private readonly socket: Socket,
    readonly context: MllpMessageContext,
    private readonly options: MllpServerConnectionOptions,
  ) {
    this.reader = new MllpFrameReader({ maxFrameBytes: options.maxFrameBytes });
    this.logger = options.logger.child({ connectionId: context.connectionId, peer: `${context.peer.address}:${context.peer.port}` });
    this.closed = new Promise((resolve) => socket.once('close', () => resolve()));
    this.listen();
  }

  /** Take no more frames, finish the message in hand (unstarted ones get no ACK, so they are resent), then end. */
  shutdown(): Promise<void> {
    if (this.takingFrames && this.queue.length > 0) this.logger.info({ unanswered: this.queue.length }, 'MLLP shutdown leaves queued messages unanswered');
    this.stopTakingFrames();
    this.queue.length = 0;
    this.endWhenIdle();
    return this.closed;
  }

  destroy(): void {
    this.socket.destroy();
  }

  private listen(): void {
    const { socket } = this;
    socket.setNoDelay(true);
    socket.setTimeout(this.options.idleTimeoutMs);
    socket.on('data', (chunk: Buffer) => this.read(chunk));
    socket.on('end', () => this.onPeerEnd());
    socket.on('timeout', () => this.onIdle());
    socket.on('error', (error) => this.logger.debug({ err: error }, 'MLLP connection error'));
    socket.once('close', () => this.logger.info({ frames: this.framesReceived, acks: this.acksSent }, 'MLLP connection closed'));
    this.logger.info('MLLP connection opened');
  }

  private read(chunk: Buffer): void {
    if (!this.takingFrames) return;
    for (const event of this.reader.push(chunk)) {
      this.accept(event);
      if (!this.takingFrames) break;
    }
    if (this.queue.length >= MAX_QUEUED_FRAMES) this.socket.pause();
    this.startDraining();
  }

  private accept(event: MllpReadEvent): void {
    if (event.type === 'outside') {
      this.logger.warn({ bytes: event.byteCount }, 'MLLP bytes outside any frame discarded');
    } else if (event.type === 'frame') {
      this.framesReceived += 1;
      this.logger.debug({ bytes: event.frame.length }, 'MLLP frame received');
      this.queue.push(event);
    } else {
      this.logger.warn({ maxFrameBytes: this.options.maxFrameBytes }, 'MLLP frame over the maximum size; answering AR and closing');
      this.queue.push(event);
      this.stopTakingFrames();
    }
  }

  private startDraining(): void {
    if (this.draining !== null || this.queue.length === 0) return;
    this.draining = this.drain().finally(() => {
      this.draining = null;
      if (this.takingFrames) this.socket.resume();
      else this.endWhenIdle();
    });
  }

  private async drain(): Promise<void> {
    while (this.queue.length > 0 && !this.socket.destroyed) {
      const item = this.queue.shift()!;
      const answered = item.type === 'frame' ? await this.answerFrame(item.frame) : await this.answerOversized(item.head);
      if (!answered) break;
    }
  }

  private async answerFrame(frame: Buffer): Promise<boolean> {
    let ack: Buffer | null;
    try {
      ack = await this.options.handleMessage(frame, this.context);
    } catch (error) {
      this.logger.error({ err: error }, 'MLLP message handler threw; closing the connection so the sender retries');
      this.socket.destroy();
      return false;
    }
    return ack === null ? true : this.write(ack);
  }

  private async answerOversized(head: Buffer): Promise<boolean> {
    let reject: Buffer;
    try {
      reject = this.options.answerOversized(head, this.context);
    } catch (error) {
      this.logger.error({ err: error }, 'MLLP oversized-frame answer threw; closing the connection');
      this.socket.destroy();
      return false;
    }
    await this.write(reject);
    return false;
  }

  private write(ack: Buffer): Promise<boolean> {
    if (!this.socket.writable) {
      this.logger.debug('MLLP peer gone before its ACK was written');
      return Promise.resolve(false);
    }
    this.writing = true;
    return new Promise((resolve) => {
      this.socket.write(encodeMllpFrame(ack), (error) => {
        this.writing = false;
        if (!error) this.acksSent += 1;
        resolve(!error);
      });
    });
  }

  private onPeerEnd(): void {
    const pending = this.reader.pendingFrameBytes;
    if (pending > 0) this.logger.warn({ bytes: pending }, 'MLLP peer ended inside a frame; partial frame discarded');
    this.stopTakingFrames();
    this.endWhenIdle();
  }

  /**
   * Idle with a message in hand: a slow handler (a slow store) keeps the connection, and
   * the timer is re-armed, since Node's socket timeout fires once per quiet period. An ACK
   * whose write has not completed for a whole idle period means the peer reads nothing:
   * the connection goes, so it cannot hold a connection slot forever.
   */
  private onIdle(): void {
    if (this.draining !== null && !this.writing) {
      this.socket.setTimeout(this.options.idleTimeoutMs);
      return;
    }
    this.logger.info({ idleTimeoutMs: this.options.idleTimeoutMs, ackUnread: this.writing }, 'MLLP connection idle; closing');
    this.socket.destroy();
  }

  /** Later bytes are read and dropped, so that the peer's end (or reset) is still seen. */
  private stopTakingFrames(): void {
    this.takingFrames = false;
    this.socket.resume();
  }

  private endWhenIdle(): void {
    if (this.draining === null && this.queue.length === 0) this.socket.end();
  }
}
