import type { AckMode, ChannelSourceConfig } from './channel-config.ts';
import { checkPlainMllp } from './check-plain-mllp.ts';
import type { ConfigIssues } from './config-issues.ts';
import { EntryReader } from './entry-reader.ts';
import { readKindEntry } from './read-kind-entry.ts';
import { readDimseSource } from './read-dimse-source.ts';
import { readDirectorySource } from './read-directory-source.ts';
import { readHttpSource } from './read-http-source.ts';
import { mllpListenerKeys, readMllpListenerFields } from './read-mllp-listener-fields.ts';

const SOURCE = { noun: 'source', kinds: ['mllp', 'http', 'directory', 'dimse'] };
export const ACK_MODES: readonly AckMode[] = ['on-commit', 'on-receipt', 'none'];
const MLLP_KEYS = mllpListenerKeys(['ack']);

/**
 * `source`: where the channel's messages come from, one `KIND: SETTINGS`. An MLLP source
 * is a listener with the bounds and defaults of plexus.yaml's `mllp` listeners, and the
 * same refusal of plain MLLP open to every peer off loopback.
 */
export function readChannelSource(value: unknown, issues: ConfigIssues, resolvePath: (p: string) => string): ChannelSourceConfig | null {
  if (value === undefined || value === null) {
    issues.add(['source'], 'required');
    return null;
  }
  const entry = readKindEntry(value, ['source'], issues, SOURCE);
  if (entry?.kind === 'http') return readHttpSource(entry.value, issues);
  if (entry?.kind === 'directory') return readDirectorySource(entry.value, issues, resolvePath);
  if (entry?.kind === 'dimse') return readDimseSource(entry.value, issues, resolvePath);
  const reader = entry && EntryReader.open(entry.value, ['source', 'mllp'], issues, MLLP_KEYS);
  if (!reader) return null;
  const fields = readMllpListenerFields(reader, issues, resolvePath);
  const ack = reader.text('ack', undefined, 'on-commit');
  if (ack !== null && !ACK_MODES.includes(ack as AckMode)) reader.problem('ack', `must be one of ${ACK_MODES.join(', ')} (got ${JSON.stringify(ack)})`);
  if (fields === null || issues.hasIssueAt(reader.path)) return null;
  checkPlainMllp(fields, reader.path, issues);
  return { kind: 'mllp', ...fields, ack: ack as AckMode };
}
