import type { ChannelSourceConfig, DestinationConfig, RouteConfig, StageConfig } from './channel-config.ts';
import type { ConfigIssues } from './config-issues.ts';
import { isDicomStoreName } from './read-store-name.ts';

/**
 * What a channel carries must fit each part of it: a DIMSE source brings DICOM instances,
 * so its parse stage (if any) is `dicom`; HL7v2 stores take HL7v2 and DICOM stores DICOM;
 * region routing reads an HL7v2 field of the raw message, so a DICOM channel is not routed.
 * The channel is DICOM when its source is DIMSE or it parses DICOM, HL7v2 when it parses
 * HL7v2 or its source is MLLP; otherwise (an HTTP or folder source without a parse stage)
 * its destinations decide.
 */
export function checkChannelFormat(source: ChannelSourceConfig | null, stages: StageConfig[] | null, route: RouteConfig | null, destinations: DestinationConfig[] | null, issues: ConfigIssues): void {
  const parseIndex = (stages ?? []).findIndex((stage) => stage.kind === 'parse');
  const parse = parseIndex >= 0 ? (stages![parseIndex] as Extract<StageConfig, { kind: 'parse' }>) : null;
  if (source?.kind === 'dimse' && parse?.format === 'hl7v2') {
    issues.add(['stages', parseIndex, 'parse'], 'a DIMSE source brings DICOM instances: parse them with parse: dicom');
  }
  const format = source?.kind === 'dimse' || parse?.format === 'dicom' ? 'dicom' : parse?.format === 'hl7v2' || source?.kind === 'mllp' ? 'hl7v2' : null;
  (destinations ?? []).forEach((destination, i) => {
    if (destination.kind !== 'store' || format === null) return;
    const dicomStore = isDicomStoreName(destination.store);
    if (format === 'dicom' && !dicomStore) issues.add(['destinations', i, 'store'], 'the channel carries DICOM instances: its stores are DICOM stores (.../dicomStores/{store})');
    if (format === 'hl7v2' && dicomStore) issues.add(['destinations', i, 'store'], 'the channel carries HL7v2 messages: a DICOM store takes DICOM instances (a DIMSE source, or parse: dicom)');
  });
  const dicomStores = (destinations ?? []).some((d) => d.kind === 'store' && isDicomStoreName(d.store));
  if (route && (format === 'dicom' || dicomStores)) issues.add(['route'], 'routes by an HL7v2 field of the raw message; a DICOM channel is not routed by region (it lands in its own region)');
}
