import type { NatsDestinationConfig } from './channel-config.ts';
import type { ConfigIssues, KeyPath } from './config-issues.ts';
import { EntryReader } from './entry-reader.ts';
import { readRetry } from './read-mllp-destination.ts';
import { POSITIVE } from './socket-rules.ts';

const KEYS = ['url', 'subject', 'jetstream', 'timeoutMs', 'retry'];
const URL_RULE = { pattern: /^(nats|tls):\/\/[^\s/]+$/, message: 'must be a NATS URL such as nats://127.0.0.1:4222' };
/** A subject to publish to: dot-separated tokens, no wildcards. */
const SUBJECT_RULE = { pattern: /^[^\s.*>]+(\.[^\s.*>]+)*$/, message: 'must be a NATS subject to publish to, such as hl7.adt (no spaces or wildcards)' };

/** `- nats: {url, subject, jetstream, timeoutMs, retry}` at `path`; null when wrong. */
export function readNatsDestination(value: unknown, path: KeyPath, issues: ConfigIssues): Omit<NatsDestinationConfig, 'name'> | null {
  const reader = EntryReader.open(value, path, issues, KEYS);
  if (!reader) return null;
  const url = reader.text('url', URL_RULE, 'nats://127.0.0.1:4222');
  const subject = reader.text('subject', SUBJECT_RULE);
  const jetstream = reader.boolean('jetstream', false);
  const timeoutMs = reader.integer('timeoutMs', POSITIVE, 10_000);
  const retry = readRetry(reader);
  if (url === null || subject === null || jetstream === null || timeoutMs === null || retry === null || issues.hasIssueAt(path)) return null;
  return { kind: 'nats', url, subject, jetstream, timeoutMs, retry };
}
