import { connect, type Socket } from 'node:net';
import { connect as connectTls, type ConnectionOptions } from 'node:tls';
import { MllpFrameReader } from '../../../connectors/mllp/mllp-frame-reader.ts';

/**
 * A test client that writes raw bytes (so tests control the chunking) and collects the
 * frames the server answers with.
 */
export class RawMllpClient {
  readonly frames: Buffer[] = [];
  readonly closed: Promise<void>;
  private readonly reader = new MllpFrameReader({ maxFrameBytes: 1 << 20 });
  private waiters: Array<{ count: number; resolve: () => void }> = [];

  private constructor(readonly socket: Socket) {
    socket.setNoDelay(true);
    socket.on('error', () => undefined);
    socket.on('data', (chunk: Buffer) => this.read(chunk));
    this.closed = new Promise((resolve) => socket.once('close', () => resolve()));
    void this.closed.then(() => this.waiters.forEach((waiter) => waiter.resolve()));
  }

  /** Plain TCP, or TLS when `tls` is given; resolves once connected (TLS: handshake done). */
  static async open(port: number, tls?: ConnectionOptions): Promise<RawMllpClient> {
    const socket = tls ? connectTls({ host: '127.0.0.1', port, ...tls }) : connect({ host: '127.0.0.1', port });
    await new Promise<void>((resolve, reject) => {
      socket.once(tls ? 'secureConnect' : 'connect', resolve);
      socket.once('error', reject);
    });
    return new RawMllpClient(socket);
  }

  /** Write bytes as one chunk and let them leave before the next write (TCP may still merge them). */
  write(bytes: Buffer | string): Promise<void> {
    return new Promise((resolve) => this.socket.write(bytes, () => resolve()));
  }

  /** Resolves once `count` frames have arrived in all, or the connection closed. */
  async waitForFrames(count: number): Promise<Buffer[]> {
    if (this.frames.length < count && !this.socket.destroyed) {
      await new Promise<void>((resolve) => this.waiters.push({ count, resolve }));
    }
    return this.frames;
  }

  close(): void {
    this.socket.destroy();
  }

  private read(chunk: Buffer): void {
    for (const event of this.reader.push(chunk)) if (event.type === 'frame') this.frames.push(event.frame);
    const ready = this.waiters.filter((waiter) => this.frames.length >= waiter.count);
    this.waiters = this.waiters.filter((waiter) => this.frames.length < waiter.count);
    ready.forEach((waiter) => waiter.resolve());
  }
}
