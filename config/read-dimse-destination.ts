import type { DimseDestinationConfig } from './channel-config.ts';
import type { ConfigIssues, KeyPath } from './config-issues.ts';
import { EntryReader } from './entry-reader.ts';
import { readAeTitle } from './read-dimse-listeners.ts';
import { readRetry } from './read-mllp-destination.ts';
import { PEER_HOST, POSITIVE } from './socket-rules.ts';

const KEYS = ['aet', 'host', 'port', 'callingAet', 'timeoutMs', 'retry'];

/** `- dimse: {aet, host, port, callingAet, timeoutMs, retry}` at `path`; null when wrong. */
export function readDimseDestination(value: unknown, path: KeyPath, issues: ConfigIssues): Omit<DimseDestinationConfig, 'name'> | null {
  const reader = EntryReader.open(value, path, issues, KEYS);
  if (!reader) return null;
  const aet = readAeTitle(reader, 'aet');
  const host = reader.text('host', PEER_HOST);
  const port = reader.integer('port', { min: 1, max: 65535, message: 'must be a port number from 1 to 65535' });
  const callingAet = readAeTitle(reader, 'callingAet', 'PLEXUS');
  const timeoutMs = reader.integer('timeoutMs', POSITIVE, 30_000);
  const retry = readRetry(reader);
  if (aet === null || host === null || port === null || callingAet === null || timeoutMs === null || retry === null || issues.hasIssueAt(path)) return null;
  return { kind: 'dimse', aet, host, port, callingAet, timeoutMs, retry };
}
