import { readFileSync } from 'node:fs';
import type { TlsConfig } from '../../config/server-config.ts';
import type { MllpListenerOptions, MllpListenerTls } from './mllp-listener.ts';

/** A listener's TLS settings with the PEM files read; a file that cannot be read names itself. */
export function loadListenerTls(tls: TlsConfig | null, owner: string): MllpListenerTls | undefined {
  if (!tls) return undefined;
  const read = (path: string, what: string): Buffer => {
    try {
      return readFileSync(path);
    } catch (error) {
      throw new Error(`${owner}: cannot read the TLS ${what} ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
    }
  };
  return {
    cert: read(tls.cert, 'certificate'),
    key: read(tls.key, 'key'),
    ...(tls.ca ? { ca: read(tls.ca, 'CA certificates') } : {}),
    requestCert: tls.requestClientCert,
    rejectUnauthorized: tls.requestClientCert,
  };
}

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
