import type { DirectorySourceConfig } from './channel-config.ts';
import type { ConfigIssues } from './config-issues.ts';
import { EntryReader } from './entry-reader.ts';
import { CONTENT_TYPE } from './read-http-source.ts';
import { POSITIVE } from './socket-rules.ts';

const KEYS = ['path', 'pollIntervalMs', 'minAgeMs', 'maxFileBytes', 'contentType'];
const NON_NEGATIVE = { min: 0, max: Number.MAX_SAFE_INTEGER, message: 'must be a whole number of milliseconds, 0 or more' };

/** `source: { directory: {path, ...} }`: the folder resolves against the channel file's folder. */
export function readDirectorySource(value: unknown, issues: ConfigIssues, resolvePath: (p: string) => string): DirectorySourceConfig | null {
  const reader = EntryReader.open(value, ['source', 'directory'], issues, KEYS);
  if (!reader) return null;
  const path = reader.text('path');
  const pollIntervalMs = reader.integer('pollIntervalMs', POSITIVE, 5000);
  const minAgeMs = reader.integer('minAgeMs', NON_NEGATIVE, 1000);
  const maxFileBytes = reader.byteSize('maxFileBytes', 10 * 1024 ** 2);
  const contentType = reader.text('contentType', CONTENT_TYPE, 'application/hl7-v2');
  if (path === null || pollIntervalMs === null || minAgeMs === null || maxFileBytes === null || contentType === null) return null;
  return { kind: 'directory', path: resolvePath(path), pollIntervalMs, minAgeMs, maxFileBytes, contentType };
}
