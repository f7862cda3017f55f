import test from 'ava';
import { loadChannelConfig } from '../../config/load-channel-config.ts';
import { channelIssuesOf, CONTEXT, described, STORE, writeChannel } from './channel-fixture.ts';

const DICOM_STORE = 'projects/acme/locations/local/datasets/main/dicomStores/pacs';

/** A DICOM channel: a DIMSE source (line 3-4), stages from line 5, a DICOM store. */
const dicomChannel = (source: string, stages = '', store = DICOM_STORE): string =>
  `name: modality-in\nregion: local\nsource:\n${source}${stages}destinations:\n  - store: ${store}\n`;

test('a DIMSE source needs an AE title and a port: loopback, ack on-commit, the bounds of plexus.yaml listeners', (t) => {
  const config = loadChannelConfig(writeChannel(dicomChannel('  dimse: {aeTitle: CT_IN, port: 11113}\n')), CONTEXT);
  t.deepEqual(config.source, {
    kind: 'dimse',
    aeTitle: 'CT_IN',
    host: '127.0.0.1',
    port: 11113,
    ack: 'on-commit',
    callingAeTitles: [],
    allowPeers: [],
    tls: null,
    maxAssociations: 20,
    idleTimeoutMs: 60000,
    maxPduLength: 262144,
  });
  t.is(config.destinations[0].kind === 'store' && config.destinations[0].store, DICOM_STORE);
});

test('a DIMSE source is read with the rules of plexus.yaml listeners: AE titles, ack modes, plain DIMSE off loopback', (t) => {
  t.deepEqual(described(channelIssuesOf(dicomChannel('  dimse: {aeTitle: "A\\\\B", port: 11113, ack: none, store: x}\n'))), [
    ['source.dimse.store', 4, 'unknown key; known keys here: aeTitle, host, port, callingAeTitles, allowPeers, tls, maxAssociations, idleTimeoutMs, maxPduLength, ack'],
    ['source.dimse.aeTitle', 4, 'must be an AE title: 1 to 16 characters, no backslash or control characters, not only spaces'],
    ['source.dimse.ack', 4, 'must be on-commit or on-receipt (every C-STORE is answered)'],
  ]);
  const open = described(channelIssuesOf(dicomChannel('  dimse: {aeTitle: CT_IN, host: 0.0.0.0, port: 11113}\n')));
  t.is(open.length, 1);
  t.is(open[0][0], 'source.dimse.host');
  t.regex(open[0][2], /plain DIMSE open to every peer is refused/);
  const allowed = loadChannelConfig(writeChannel(dicomChannel('  dimse: {aeTitle: CT_IN, host: 0.0.0.0, port: 11113, allowPeers: [10.0.0.0/8]}\n')), CONTEXT);
  t.deepEqual(allowed.source.kind === 'dimse' && allowed.source.allowPeers, ['10.0.0.0/8']);
});

test('after parse: dicom, filters name DICOM attributes by keyword or tag', (t) => {
  const stages = 'stages:\n  - parse: dicom\n  - filter: {any: [{field: Modality, in: [CT, MR]}, {field: "(0008,0016)", equals: "1.2.3"}, {field: "00100020", matches: "^X"}]}\n';
  const config = loadChannelConfig(writeChannel(dicomChannel('  dimse: {aeTitle: CT_IN, port: 11113}\n', stages)), CONTEXT);
  t.deepEqual(config.stages[0], { kind: 'parse', format: 'dicom' });
  t.deepEqual(config.stages[1], {
    kind: 'filter',
    condition: {
      kind: 'any',
      conditions: [
        { kind: 'in', field: 'Modality', values: ['CT', 'MR'] },
        { kind: 'equals', field: '(0008,0016)', value: '1.2.3' },
        { kind: 'matches', field: '00100020', pattern: '^X' },
      ],
    },
  });
});

test('a DICOM channel filters on attributes, not HL7v2 fields or message types, and has no HL7v2 edit stages', (t) => {
  const stages = 'stages:\n  - parse: dicom\n  - filter: {field: PID-3.1, equals: "1"}\n  - filter: {messageType: [ADT]}\n  - remove: [PID-19]\n';
  t.deepEqual(described(channelIssuesOf(dicomChannel('  dimse: {aeTitle: CT_IN, port: 11113}\n', stages))), [
    ['stages[1].filter.field', 7, 'must be a DICOM attribute keyword such as Modality or SOPClassUID, or a tag such as 00080060 or (0008,0060) (got "PID-3.1")'],
    ['stages[2].filter.messageType', 8, 'is the HL7v2 message type (MSH-9); a DICOM filter names an attribute, such as { field: SOPClassUID, in: [...] } or { field: Modality, equals: CT }'],
    ['stages[3].remove', 9, 'works on HL7v2 messages; after parse: dicom a channel has parse and filter stages'],
  ]);
});

test('what a channel carries fits its parts: DIMSE brings DICOM, stores take their own format, DICOM is not routed', (t) => {
  const dimse = '  dimse: {aeTitle: CT_IN, port: 11113}\n';
  t.deepEqual(described(channelIssuesOf(dicomChannel(dimse, 'stages:\n  - parse: hl7v2\n'))), [
    ['stages[0].parse', 6, 'a DIMSE source brings DICOM instances: parse them with parse: dicom'],
  ]);
  t.deepEqual(described(channelIssuesOf(dicomChannel(dimse, '', STORE))), [
    ['destinations[0].store', 6, 'the channel carries DICOM instances: its stores are DICOM stores (.../dicomStores/{store})'],
  ]);
  t.deepEqual(described(channelIssuesOf(dicomChannel('  mllp: {port: 2575}\n'))), [
    ['destinations[0].store', 6, 'the channel carries HL7v2 messages: a DICOM store takes DICOM instances (a DIMSE source, or parse: dicom)'],
  ]);
  t.deepEqual(described(channelIssuesOf(dicomChannel('  http: {contentType: application/dicom}\n', 'stages:\n  - parse: dicom\n  - parse: hl7v2\n'))), [
    ['stages[1].parse', 7, 'the message is parsed as dicom by an earlier stage; a channel carries one format'],
  ]);
  const routed = channelIssuesOf(`${dicomChannel(dimse)}route: {by: MSH-4, regions: {A: europe-west4}}\n`);
  t.true(described(routed).some(([key, , message]) => key === 'route' && /a DICOM channel is not routed/.test(message)));
});

test('a DICOM store is a valid name in a configured region', (t) => {
  t.deepEqual(described(channelIssuesOf(dicomChannel('  dimse: {aeTitle: CT_IN, port: 11113}\n', '', 'projects/acme/locations/mars/datasets/main/dicomStores/pacs'))), [
    ['destinations[0].store', 6, 'location mars is not a configured region; configured: local, europe-west4'],
  ]);
});

test('an HTTP source without a parse stage may land DICOM sent as application/dicom in a DICOM store', (t) => {
  const config = loadChannelConfig(writeChannel(dicomChannel('  http: {contentType: application/dicom}\n')), CONTEXT);
  t.is(config.source.kind, 'http');
  t.is(config.stages.length, 0);
});
