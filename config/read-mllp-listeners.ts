import type { ConfigIssues } from './config-issues.ts';
import { EntryReader, type IntegerRule, type TextRule } from './entry-reader.ts';
import { listenersOverlap, type ListenerSocket } from './listeners-overlap.ts';
import { isPeerRange } from './peer-range.ts';
import { readHl7v2StoreName } from './read-hl7v2-store-name.ts';
import { readTls } from './read-tls.ts';
import type { MllpListenerConfig, TlsConfig } from './server-config.ts';

const KEYS = ['host', 'port', 'store', 'maxConnections', 'idleTimeoutMs', 'maxFrameBytes', 'allowPeers', 'tls'];
const TLS_KEYS = ['cert', 'key', 'ca', 'requestClientCert'];
const HOST: TextRule = { pattern: /^[^\s/]+$/, message: 'must be a host name or IP address, such as 127.0.0.1 or 0.0.0.0' };
const PORT: IntegerRule = { min: 0, max: 65535, message: 'must be a port number from 0 to 65535' };
const POSITIVE: IntegerRule = { min: 1, max: Number.MAX_SAFE_INTEGER, message: 'must be a whole number greater than 0' };
const PEER_RULE = 'must be an IP address or CIDR range, such as 192.168.1.20 or 10.0.0.0/8';

/** The bounds of a listener that leaves them out: safe for a hospital feed, as every listener's are. */
const MLLP_DEFAULTS = { host: '127.0.0.1', maxConnections: 100, idleTimeoutMs: 300_000, maxFrameBytes: 10 * 1024 ** 2 } as const;

export interface MllpContext {
  /** The configured regions: a listener's store must be in one of them. */
  regionNames: readonly string[];
  /** The HTTP API's socket, null when its host or port is wrong: a listener may not take it. */
  http: ListenerSocket | null;
  resolvePath: (path: string) => string;
}

/**
 * `mllp`: listeners bound straight to one HL7v2 store each, TLS paths made absolute. Two
 * listeners, or a listener and the HTTP API, may not bind the same socket.
 */
export function readMllpListeners(list: unknown[], context: MllpContext, issues: ConfigIssues): MllpListenerConfig[] {
  const listeners: MllpListenerConfig[] = [];
  const taken: [string, ListenerSocket][] = context.http ? [['the HTTP API', context.http]] : [];
  list.forEach((entry, i) => {
    const reader = EntryReader.open(entry, ['mllp', i], issues, KEYS);
    const listener = reader && readListener(reader, context, issues);
    if (!reader || !listener) return;
    const clash = taken.find(([, socket]) => listenersOverlap(socket, listener));
    if (clash) reader.problem('port', `${clash[0]} already listens on ${clash[1].host} port ${clash[1].port}`);
    else listeners.push(listener);
    taken.push([`mllp[${i}]`, listener]);
  });
  return listeners;
}

function readListener(reader: EntryReader, context: MllpContext, issues: ConfigIssues): MllpListenerConfig | null {
  const host = reader.text('host', HOST, MLLP_DEFAULTS.host);
  const port = reader.integer('port', PORT);
  const store = readHl7v2StoreName(reader, 'store', context.regionNames);
  const maxConnections = reader.integer('maxConnections', POSITIVE, MLLP_DEFAULTS.maxConnections);
  const idleTimeoutMs = reader.integer('idleTimeoutMs', POSITIVE, MLLP_DEFAULTS.idleTimeoutMs);
  const maxFrameBytes = reader.byteSize('maxFrameBytes', MLLP_DEFAULTS.maxFrameBytes);
  const allowPeers = readAllowPeers(reader);
  const tls = readListenerTls(reader, issues, context.resolvePath);
  if (host === null || port === null || store === null || maxConnections === null || idleTimeoutMs === null) return null;
  if (maxFrameBytes === null || allowPeers === null || issues.hasIssueAt(reader.path)) return null;
  return { host, port, store, tls, allowPeers, maxConnections, idleTimeoutMs, maxFrameBytes };
}

function readAllowPeers(reader: EntryReader): string[] | null {
  const list = reader.list('allowPeers', []);
  if (list === null) return null;
  const peers = list.map((entry, i) => {
    const peer = typeof entry === 'string' ? entry.trim() : '';
    return isPeerRange(peer) ? peer : reader.problem(['allowPeers', i], `${PEER_RULE} (got ${JSON.stringify(entry)})`);
  });
  return peers.every((peer) => peer !== null) ? peers : null;
}

/** `tls` as `http.tls` takes it, from a list entry that convict could not check. */
function readListenerTls(listener: EntryReader, issues: ConfigIssues, resolvePath: (p: string) => string): TlsConfig | null {
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
