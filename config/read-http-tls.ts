import type { ConfigIssues } from './config-issues.ts';
import type { ServerConfigProperties } from './server-config-schema.ts';
import type { TlsConfig } from './server-config.ts';

/** `http.tls`: null (plain HTTP) when nothing of it is set; otherwise cert and key are required, paths made absolute. */
export function readHttpTls(tls: ServerConfigProperties['http']['tls'], issues: ConfigIssues, resolvePath: (p: string) => string): TlsConfig | null {
  if (['cert', 'key', 'ca', 'requestClientCert'].some((key) => issues.hasIssueAt(['http', 'tls', key]))) return null;
  if (tls.cert === null && tls.key === null && tls.ca === null && !tls.requestClientCert) return null;
  if (tls.cert === null) issues.add(['http', 'tls', 'cert'], 'required when http.tls is set: the PEM certificate chain file');
  if (tls.key === null) issues.add(['http', 'tls', 'key'], 'required when http.tls is set: the PEM private key file');
  if (tls.requestClientCert && tls.ca === null) {
    issues.add(['http', 'tls', 'ca'], 'required when requestClientCert is true: the PEM bundle of the CAs that sign client certificates');
  }
  if (tls.cert === null || tls.key === null) return null;
  return {
    cert: resolvePath(tls.cert),
    key: resolvePath(tls.key),
    ...(tls.ca === null ? {} : { ca: resolvePath(tls.ca) }),
    requestClientCert: tls.requestClientCert,
  };
}
