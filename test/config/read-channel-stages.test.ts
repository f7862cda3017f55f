import test from 'ava';
import { loadChannelConfig } from '../../config/load-channel-config.ts';
import { channelIssuesOf, CONTEXT, described, MINIMAL, writeChannel } from './channel-fixture.ts';

const KINDS = 'parse, filter, set, remove, lookup, script';

test('stages are read in order', (t) => {
  const config = loadChannelConfig(writeChannel(`${MINIMAL}stages:\n  - parse: hl7v2\n  - filter: {messageType: [ADT]}\n  - parse: hl7v2\n`), CONTEXT);
  t.deepEqual(config.stages, [
    { kind: 'parse', format: 'hl7v2' },
    { kind: 'filter', condition: { kind: 'messageType', types: ['ADT'] } },
    { kind: 'parse', format: 'hl7v2' },
  ]);
});

test('each stage is a mapping with one known kind key', (t) => {
  const issues = channelIssuesOf(`${MINIMAL}stages:
  - transform: {script: x.js}
  - {parse: hl7v2, filter: {messageType: [ADT]}}
  - parse
  - {}
  - parse: json
  - parse:
`);
  t.deepEqual(described(issues), [
    ['stages[0].transform', 8, `unknown stage kind; known kinds: ${KINDS}`],
    ['stages[1]', 9, `must have only one of the keys ${KINDS}, not parse and filter`],
    ['stages[2]', 10, `must be a mapping with one of the keys ${KINDS}`],
    ['stages[3]', 11, `must have one of the keys ${KINDS}`],
    ['stages[4].parse', 12, 'must be the format to parse, one of hl7v2, dicom (got "json")'],
    ['stages[5].parse', 13, 'must be the format to parse, one of hl7v2, dicom (got null)'],
  ]);
});

test('every stage but parse needs a parse stage before it, reported at the stage', (t) => {
  const issues = channelIssuesOf(`${MINIMAL}stages:\n  - filter: {messageType: [ADT]}\n  - remove: NK1\n  - parse: hl7v2\n  - filter: {messageType: [ORU]}\n`);
  t.deepEqual(described(issues), [
    ['stages[0].filter', 8, 'needs a parse stage before it: a filter reads the fields of the parsed message'],
    ['stages[1].remove', 9, 'needs a parse stage before it: remove edits the parsed message'],
  ]);
});

test('a stage beside the kind key is an unknown key', (t) => {
  const issues = channelIssuesOf(`${MINIMAL}stages:\n  - parse: hl7v2\n    name: p\n`);
  t.deepEqual(described(issues), [['stages[0].name', 9, `unknown key; known keys here: ${KINDS}`]]);
});
