import { readFileSync } from 'node:fs';
import type { TlsConfig } from '../../config/server-config.ts';
import type { MllpListenerTls } from './mllp-listener.ts';

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
