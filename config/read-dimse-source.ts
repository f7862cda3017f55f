import type { DimseSourceConfig } from './channel-config.ts';
import { checkPlainMllp } from './check-plain-mllp.ts';
import type { ConfigIssues } from './config-issues.ts';
import { EntryReader, type TextRule } from './entry-reader.ts';
import { DIMSE_LISTENER_KEYS, readDimseListenerFields } from './read-dimse-listeners.ts';

const ACK: TextRule = { pattern: /^(on-commit|on-receipt)$/, message: 'must be on-commit or on-receipt (every C-STORE is answered)' };

/**
 * `source: { dimse: {aeTitle, port, ...} }`: a DICOM SCP whose C-STOREs enter the channel,
 * with the bounds and defaults of plexus.yaml's `dimse` listeners (less the stores: the
 * channel's destinations say where instances land) and the same refusal of plain DIMSE
 * open to every peer off loopback.
 */
export function readDimseSource(value: unknown, issues: ConfigIssues, resolvePath: (p: string) => string): DimseSourceConfig | null {
  const reader = EntryReader.open(value, ['source', 'dimse'], issues, [...DIMSE_LISTENER_KEYS, 'ack']);
  if (!reader) return null;
  const fields = readDimseListenerFields(reader, issues, resolvePath);
  const ack = reader.text('ack', ACK, 'on-commit');
  if (fields === null || ack === null || issues.hasIssueAt(reader.path)) return null;
  checkPlainMllp(fields, reader.path, issues, 'DIMSE');
  return { kind: 'dimse', ...fields, ack: ack as DimseSourceConfig['ack'] };
}
