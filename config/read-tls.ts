import { formatKeyPath, type ConfigIssues, type KeyPath } from './config-issues.ts';
import type { TlsConfig } from './server-config.ts';

/** A `tls` section as written: every key may be missing. */
export interface TlsSettings {
  cert: string | null;
  key: string | null;
  ca: string | null;
  requestClientCert: boolean;
}

/**
 * A `tls` section (`http.tls`, `mllp[0].tls`) at `path`: null (plain TCP) when nothing of
 * it is set; otherwise cert and key are required, paths made absolute. Null as well when
 * an issue already names one of its keys.
 */
export function readTls(tls: TlsSettings, path: KeyPath, issues: ConfigIssues, resolvePath: (p: string) => string): TlsConfig | null {
  if (issues.hasIssueAt(path)) return null;
  if (tls.cert === null && tls.key === null && tls.ca === null && !tls.requestClientCert) return null;
  const section = formatKeyPath(path);
  if (tls.cert === null) issues.add([...path, 'cert'], `required when ${section} is set: the PEM certificate chain file`);
  if (tls.key === null) issues.add([...path, 'key'], `required when ${section} is set: the PEM private key file`);
  if (tls.requestClientCert && tls.ca === null) {
    issues.add([...path, 'ca'], 'required when requestClientCert is true: the PEM bundle of the CAs that sign client certificates');
  }
  if (tls.cert === null || tls.key === null) return null;
  return {
    cert: resolvePath(tls.cert),
    key: resolvePath(tls.key),
    ...(tls.ca === null ? {} : { ca: resolvePath(tls.ca) }),
    requestClientCert: tls.requestClientCert,
  };
}
