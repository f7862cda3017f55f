import type { HttpDestinationConfig } from './channel-config.ts';
import type { ConfigIssues, KeyPath } from './config-issues.ts';
import { EntryReader } from './entry-reader.ts';
import { readRetry } from './read-mllp-destination.ts';
import { POSITIVE } from './socket-rules.ts';

const KEYS = ['url', 'method', 'headers', 'timeoutMs', 'retry'];
const URL_RULE = { pattern: /^https?:\/\/[^\s/]+/, message: 'must be an http:// or https:// URL' };
const METHOD_RULE = { pattern: /^(POST|PUT)$/, message: 'must be POST or PUT' };
/** RFC 9110 token characters. */
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/** `- http: {url, method, headers, timeoutMs, retry}` at `path`; null when wrong. */
export function readHttpDestination(value: unknown, path: KeyPath, issues: ConfigIssues): Omit<HttpDestinationConfig, 'name'> | null {
  const reader = EntryReader.open(value, path, issues, KEYS);
  if (!reader) return null;
  const url = reader.text('url', URL_RULE);
  const method = reader.text('method', METHOD_RULE, 'POST');
  const timeoutMs = reader.integer('timeoutMs', POSITIVE, 30_000);
  const retry = readRetry(reader);
  const headers = readHeaders(reader);
  if (url === null || method === null || timeoutMs === null || retry === null || headers === null || issues.hasIssueAt(path)) return null;
  return { kind: 'http', url, method: method as HttpDestinationConfig['method'], headers, timeoutMs, retry };
}

function readHeaders(reader: EntryReader): Record<string, string> | null {
  const map = reader.mapping('headers', {});
  if (map === null) return null;
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(map)) {
    if (!HEADER_NAME.test(name)) reader.problem(['headers', name], 'is not a valid HTTP header name');
    else if (typeof value !== 'string' || /[\r\n]/.test(value)) reader.problem(['headers', name], 'must be a string on one line');
    else headers[name.toLowerCase()] = value;
  }
  return headers;
}
