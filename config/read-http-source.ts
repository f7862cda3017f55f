import type { HttpSourceConfig } from './channel-config.ts';
import type { ConfigIssues } from './config-issues.ts';
import { EntryReader, type TextRule } from './entry-reader.ts';

const KEYS = ['ack', 'contentType'];
const ACK: TextRule = { pattern: /^(on-commit|on-receipt)$/, message: 'must be on-commit or on-receipt (an HTTP request is always answered)' };
export const CONTENT_TYPE: TextRule = { pattern: /^[\w.+-]+\/[\w.+-]+$/, message: 'must be a media type such as application/hl7-v2' };

/** `source: { http: {ack, contentType} }`; `http: {}` or `http:` takes the defaults. */
export function readHttpSource(value: unknown, issues: ConfigIssues): HttpSourceConfig | null {
  const reader = EntryReader.open(value ?? {}, ['source', 'http'], issues, KEYS);
  if (!reader) return null;
  const ack = reader.text('ack', ACK, 'on-commit');
  const contentType = reader.text('contentType', CONTENT_TYPE, 'application/hl7-v2');
  if (ack === null || contentType === null) return null;
  return { kind: 'http', ack: ack as HttpSourceConfig['ack'], contentType };
}
