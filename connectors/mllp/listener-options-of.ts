import type { TlsConfig } from '../../config/server-config.ts';
import { loadListenerTls } from '../sockets/load-listener-tls.ts';
import type { MllpListenerOptions } from './mllp-listener.ts';

/** A listener's socket and bounds as plexus.yaml's `mllp` entries and channels' MLLP sources both give them. */
export interface MllpListenerSettings {
  host: string;
  port: number;
  maxConnections: number;
  idleTimeoutMs: number;
  maxFrameBytes: number;
  allowPeers: string[];
  tls: TlsConfig | null;
}

/** The MllpListener options those settings make, TLS files read (`owner` names the listener in errors). */
export function listenerOptionsOf(settings: MllpListenerSettings, owner: string): Pick<MllpListenerOptions, 'host' | 'port' | 'maxConnections' | 'idleTimeoutMs' | 'maxFrameBytes' | 'allowPeers' | 'tls'> {
  const { host, port, maxConnections, idleTimeoutMs, maxFrameBytes, allowPeers } = settings;
  return { host, port, maxConnections, idleTimeoutMs, maxFrameBytes, allowPeers, tls: loadListenerTls(settings.tls, owner) };
}
