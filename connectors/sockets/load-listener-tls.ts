import { readFileSync } from 'node:fs';
import type { TlsConfig } from '../../config/server-config.ts';

/** The TLS options of a listener's server (node:tls): PEM contents, not paths. */
export interface ListenerTls {
  cert: string | Buffer;
  key: string | Buffer;
  /** Certificate authorities that sign client certificates (mutual TLS). */
  ca?: string | Buffer | Array<string | Buffer>;
  /** Ask each client for a certificate (mutual TLS). */
  requestCert?: boolean;
  /** With `requestCert`, refuse a client whose certificate `ca` does not verify (default true). */
  rejectUnauthorized?: boolean;
}

/** A listener's TLS settings with the PEM files read; a file that cannot be read names itself. */
export function loadListenerTls(tls: TlsConfig | null, owner: string): ListenerTls | undefined {
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
