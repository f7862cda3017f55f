import type { ConfigIssues } from './config-issues.ts';
import type { EntryReader } from './entry-reader.ts';
import { isPeerRange } from './peer-range.ts';
import { readTls } from './read-tls.ts';
import type { MllpListenerConfig, TlsConfig } from './server-config.ts';
import { HOST, PORT, POSITIVE } from './socket-rules.ts';

/** What every MLLP listener has, whatever it feeds: a store (`mllp` in plexus.yaml) or a channel (`source.mllp`). */
export type MllpListenerFields = Omit<MllpListenerConfig, 'store'>;

const TLS_KEYS = ['cert', 'key', 'ca', 'requestClientCert'];
const PEER_RULE = 'must be an IP address or CIDR range, such as 192.168.1.20 or 10.0.0.0/8';

/** The bounds of a listener that leaves them out: safe for a hospital feed, as every listener's are. */
const MLLP_DEFAULTS = { host: '127.0.0.1', maxConnections: 100, idleTimeoutMs: 300_000, maxFrameBytes: 10 * 1024 ** 2 } as const;

/** The keys of an MLLP listener entry, with the entry's own keys (`store`, `ack`) after host and port. */
export function mllpListenerKeys(own: readonly string[]): string[] {
  return ['host', 'port', ...own, 'maxConnections', 'idleTimeoutMs', 'maxFrameBytes', 'allowPeers', 'tls'];
}

/**
 * The socket and bounds of an MLLP listener entry, defaults filled in and TLS paths made
 * absolute; null when one of them is wrong (each reported at its key).
 */
export function readMllpListenerFields(reader: EntryReader, issues: ConfigIssues, resolvePath: (p: string) => string): MllpListenerFields | null {
  const host = reader.text('host', HOST, MLLP_DEFAULTS.host);
  const port = reader.integer('port', PORT);
  const maxConnections = reader.integer('maxConnections', POSITIVE, MLLP_DEFAULTS.maxConnections);
  const idleTimeoutMs = reader.integer('idleTimeoutMs', POSITIVE, MLLP_DEFAULTS.idleTimeoutMs);
  const maxFrameBytes = reader.byteSize('maxFrameBytes', MLLP_DEFAULTS.maxFrameBytes);
  const allowPeers = readAllowPeers(reader);
  const tls = readListenerTls(reader, issues, resolvePath);
  if (host === null || port === null || maxConnections === null || idleTimeoutMs === null) return null;
  if (maxFrameBytes === null || allowPeers === null || issues.hasIssueAt(reader.path)) return null;
  return { host, port, tls, allowPeers, maxConnections, idleTimeoutMs, maxFrameBytes };
}

export function readAllowPeers(reader: EntryReader): string[] | null {
  const list = reader.list('allowPeers', []);
  if (list === null) return null;
  const peers = list.map((entry, i) => {
    const peer = typeof entry === 'string' ? entry.trim() : '';
    return isPeerRange(peer) ? peer : reader.problem(['allowPeers', i], `${PEER_RULE} (got ${JSON.stringify(entry)})`);
  });
  return peers.every((peer) => peer !== null) ? peers : null;
}

/** `tls` as `http.tls` takes it, from a list entry that convict could not check. */
export function readListenerTls(listener: EntryReader, issues: ConfigIssues, resolvePath: (p: string) => string): TlsConfig | null {
  const section = listener.mapping('tls', {});
  const reader = section && listener.nested(['tls'], section, TLS_KEYS);
  if (!reader) return null;
  const settings = {
    cert: reader.text('cert', undefined, null),
    key: reader.text('key', undefined, null),
    ca: reader.text('ca', undefined, null),
    requestClientCert: reader.boolean('requestClientCert', false) ?? false,
  };
  return readTls(settings, reader.path, issues, resolvePath);
}
