import type { MllpDestinationConfig, RetryConfig } from './channel-config.ts';
import type { ConfigIssues, KeyPath } from './config-issues.ts';
import { EntryReader } from './entry-reader.ts';
import { PEER_HOST, PORT, POSITIVE } from './socket-rules.ts';

const KEYS = ['host', 'port', 'ackTimeoutMs', 'retry', 'tls'];
const RETRY_KEYS = ['maxAttempts', 'initialDelayMs', 'maxDelayMs'];
const TLS_KEYS = ['ca', 'cert', 'key'];

/** A peer that answers slowly still answers within this; after it the message is retried. */
const ACK_TIMEOUT_MS = 30_000;
/** About a day of attempts at the longest delay before a message goes to the dead letter. */
const RETRY_DEFAULTS: RetryConfig = { maxAttempts: 10, initialDelayMs: 1000, maxDelayMs: 300_000 };

/** A destination's own settings; its name stands beside the kind key. */
export type MllpDestinationFields = Omit<MllpDestinationConfig, 'name'>;

/** `- mllp: {host, port, ...}` at `path` (`destinations[1].mllp`): a peer to forward to; null when wrong. */
export function readMllpDestination(value: unknown, path: KeyPath, issues: ConfigIssues, resolvePath: (p: string) => string): MllpDestinationFields | null {
  const reader = EntryReader.open(value, path, issues, KEYS);
  if (!reader) return null;
  const host = reader.text('host', PEER_HOST);
  const port = reader.integer('port', PORT);
  const ackTimeoutMs = reader.integer('ackTimeoutMs', POSITIVE, ACK_TIMEOUT_MS);
  const retry = readRetry(reader);
  const tls = readClientTls(reader, (value as Record<string, unknown>).tls, resolvePath);
  if (host === null || port === null || ackTimeoutMs === null || retry === null || issues.hasIssueAt(path)) return null;
  return { kind: 'mllp', host, port, tls, ackTimeoutMs, retry };
}

/** `retry: {maxAttempts, initialDelayMs, maxDelayMs}` of a forward destination, with defaults. */
export function readRetry(destination: EntryReader): RetryConfig | null {
  const section = destination.mapping('retry', {});
  const reader = section && destination.nested(['retry'], section, RETRY_KEYS);
  if (!reader) return null;
  const maxAttempts = reader.integer('maxAttempts', POSITIVE, RETRY_DEFAULTS.maxAttempts);
  const initialDelayMs = reader.integer('initialDelayMs', POSITIVE, RETRY_DEFAULTS.initialDelayMs);
  const maxDelayMs = reader.integer('maxDelayMs', POSITIVE, Math.max(RETRY_DEFAULTS.maxDelayMs, initialDelayMs ?? 0));
  if (maxAttempts === null || initialDelayMs === null || maxDelayMs === null) return null;
  if (maxDelayMs < initialDelayMs) return reader.problem('maxDelayMs', `must be at least initialDelayMs (${initialDelayMs})`);
  return { maxAttempts, initialDelayMs, maxDelayMs };
}

/**
 * `tls` of a client: absent for plain TCP; `{}` for TLS trusting the system's CAs; `ca`
 * to trust others; `cert` and `key` together for a client certificate. Paths made absolute.
 */
function readClientTls(destination: EntryReader, value: unknown, resolvePath: (p: string) => string): MllpDestinationConfig['tls'] {
  if (value === undefined || value === null) return null;
  const section = destination.mapping('tls', {});
  const reader = section && destination.nested(['tls'], section, TLS_KEYS);
  if (!reader) return null;
  const [ca, cert, key] = TLS_KEYS.map((name) => reader.text(name, undefined, null));
  if (cert !== null && key === null) reader.problem('key', 'required when cert is set: the PEM private key of the client certificate');
  if (key !== null && cert === null) reader.problem('cert', 'required when key is set: the PEM client certificate chain');
  const absolute = (path: string | null): string | null => (path === null ? null : resolvePath(path));
  return { ca: absolute(ca), cert: absolute(cert), key: absolute(key) };
}
