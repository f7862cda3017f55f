import { randomUUID } from 'node:crypto';
import { createServer as createNetServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { listenServer } from '../sockets/listen-server.ts';
import type { ListenerTls } from '../sockets/load-listener-tls.ts';
import { createServer as createTlsServer, TLSSocket } from 'node:tls';
import type { Logger } from '../../engine/logger.ts';
import { PeerAllowList } from '../sockets/peer-allow-list.ts';
import { MllpServerConnection, type MllpHandlers, type MllpPeer } from './mllp-server-connection.ts';

export interface MllpListenerOptions extends MllpHandlers {
  host: string;
  port: number;
  tls?: ListenerTls;
  /** IP addresses and CIDR ranges allowed to connect; absent or empty: everyone (as in the server config). */
  allowPeers?: readonly string[];
  maxConnections: number;
  /** Also bounds a TLS handshake. */
  idleTimeoutMs: number;
  maxFrameBytes: number;
  /** Told when an accepted connection has closed (a channel ends its ordering group). */
  onConnectionClosed?: (connectionId: string) => void;
  /** How long `stop()` lets messages in hand finish before closing sockets (default 10 s). */
  stopTimeoutMs?: number;
  logger: Logger;
}

const DEFAULT_STOP_TIMEOUT_MS = 10_000;

/**
 * An MLLP server: accepts connections (plain or TLS), refuses peers outside the allow-list
 * and connections past the maximum at once, and gives each accepted connection to an
 * MllpServerConnection, which answers its frames in order. Connections run concurrently.
 */
export class MllpListener {
  private readonly allowList: PeerAllowList | null;
  private readonly sockets = new Set<Socket>();
  private readonly connections = new Set<MllpServerConnection>();
  private server: Server | null = null;

  constructor(private readonly options: MllpListenerOptions) {
    this.allowList = options.allowPeers?.length ? new PeerAllowList(options.allowPeers) : null;
  }

  get connectionCount(): number {
    return this.sockets.size;
  }

  /** Resolves with the bound address (port 0 picks a free one). */
  async start(): Promise<AddressInfo> {
    const server = this.createServer();
    this.server = server;
    const address = await listenServer(server, this.options.port, this.options.host);
    server.on('error', (error) => this.options.logger.error({ err: error }, 'MLLP listener error'));
    this.options.logger.info({ address: address.address, port: address.port, tls: Boolean(this.options.tls) }, 'MLLP listener started');
    return address;
  }

  /** Stop accepting, let messages in hand finish (bounded), then close every socket. */
  async stop(): Promise<void> {
    const server = this.server;
    if (server === null) return;
    this.server = null;
    const serverClosed = new Promise<void>((resolve) => server.close(() => resolve()));
    const shutdowns = Promise.all([...this.connections].map((connection) => connection.shutdown()));
    await waitAtMost(shutdowns, this.options.stopTimeoutMs ?? DEFAULT_STOP_TIMEOUT_MS);
    for (const connection of this.connections) connection.destroy();
    for (const socket of this.sockets) socket.destroy();
    await serverClosed;
    this.options.logger.info('MLLP listener stopped');
  }

  private createServer(): Server {
    const { tls } = this.options;
    if (!tls) {
      const server = createNetServer({ allowHalfOpen: true });
      server.on('connection', (socket) => {
        if (this.admit(socket)) this.open(socket);
      });
      return server;
    }
    const server = createTlsServer({
      ...tls,
      rejectUnauthorized: tls.rejectUnauthorized ?? true,
      allowHalfOpen: true,
      handshakeTimeout: this.options.idleTimeoutMs,
    });
    // Before the TLS wrapper sees the socket: a refused peer costs no handshake.
    server.prependListener('connection', (socket: Socket) => void this.admit(socket));
    server.on('secureConnection', (socket: TLSSocket) => this.open(socket));
    server.on('tlsClientError', (error) => this.options.logger.info({ err: error }, 'MLLP TLS handshake failed'));
    return server;
  }

  /** Counts and checks a raw TCP connection; a refused one is closed at once. */
  private admit(socket: Socket): boolean {
    socket.setNoDelay(true);
    socket.on('error', (error) => this.options.logger.debug({ err: error }, 'MLLP socket error'));
    const peer = `${socket.remoteAddress}:${socket.remotePort}`;
    if (this.allowList && !this.allowList.allows(socket.remoteAddress ?? '')) {
      this.options.logger.warn({ peer }, 'MLLP peer refused: not in the allow-list');
      socket.destroy();
      return false;
    }
    if (this.sockets.size >= this.options.maxConnections) {
      this.options.logger.warn({ peer, maxConnections: this.options.maxConnections }, 'MLLP connection refused: maximum connections reached');
      socket.destroy();
      return false;
    }
    this.sockets.add(socket);
    socket.once('close', () => this.sockets.delete(socket));
    return true;
  }

  private open(socket: Socket): void {
    const connection = new MllpServerConnection(socket, { connectionId: randomUUID(), peer: describePeer(socket) }, this.options);
    this.connections.add(connection);
    void connection.closed.then(() => {
      this.connections.delete(connection);
      this.options.onConnectionClosed?.(connection.context.connectionId);
    });
  }
}

function describePeer(socket: Socket): MllpPeer {
  const peer: MllpPeer = { address: socket.remoteAddress ?? '', port: socket.remotePort ?? 0 };
  if (socket instanceof TLSSocket && socket.authorized) {
    const subject = socket.getPeerCertificate().subject;
    if (subject?.CN) peer.certificateSubject = String(subject.CN);
  }
  return peer;
}

async function waitAtMost(work: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, ms);
  });
  await Promise.race([work, timeout]);
  clearTimeout(timer);
}
