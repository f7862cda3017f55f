import test from 'ava';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError, type ConfigIssue } from '../../config/config-error.ts';
import type { StageConfig } from '../../config/channel-config.ts';
import { loadChannelConfig } from '../../config/load-channel-config.ts';
import { CONTEXT, described, MINIMAL, tempFolder, writeChannel } from './channel-fixture.ts';

/** A folder with the tables `files` (name to text) and a channel whose stages follow a parse stage on line 8. */
function channelWith(stages: string, files: Record<string, string> = {}): string {
  const folder = tempFolder();
  for (const [name, text] of Object.entries(files)) writeFileSync(join(folder, name), text);
  return writeChannel(`${MINIMAL}stages:\n  - parse: hl7v2\n${stages}`, folder);
}

const stageOf = (stage: string, files: Record<string, string>): StageConfig => loadChannelConfig(channelWith(`  - ${stage}\n`, files), CONTEXT).stages[1];

function issuesOf(stages: string, files: Record<string, string> = {}): ConfigIssue[] {
  const error = (() => {
    try {
      loadChannelConfig(channelWith(stages, files), CONTEXT);
    } catch (thrown) {
      return thrown;
    }
  })();
  if (!(error instanceof ConfigError)) throw new Error('expected a ConfigError');
  return [...error.issues];
}

test('a CSV or YAML table next to the channel is read into entries', (t) => {
  const csv = stageOf('lookup: {field: OBX-3.1, table: loinc.csv}', { 'loinc.csv': 'from,to\nGLU,2345-7\n' });
  t.like(csv, { kind: 'lookup', field: 'OBX-3.1', into: 'OBX-3.1', default: { kind: 'keep' } });
  t.true(csv.kind === 'lookup' && csv.table.endsWith('/loinc.csv'));
  t.deepEqual(csv.kind === 'lookup' && [...csv.entries], [['GLU', '2345-7']]);
  const yaml = stageOf('lookup: {field: OBX-3.1, into: OBX-3.2, table: names.yml, default: error}', { 'names.yml': 'GLU: Glucose\n' });
  t.like(yaml, { into: 'OBX-3.2', default: { kind: 'error' } });
  t.like(stageOf('lookup: {field: PV1-3.1, table: t.yaml, default: UNKNOWN}', { 't.yaml': 'A: B\n' }), { default: { kind: 'value', value: 'UNKNOWN' } });
  t.like(stageOf('lookup: {field: PV1-3.1, table: t.yaml, default: ""}', { 't.yaml': 'A: B\n' }), { default: { kind: 'value', value: '' } });
});

test('wrong keys are reported at the lookup, a missing table at its key', (t) => {
  const issues = issuesOf(`  - lookup:
      field: PID5
      into: PV1-3
      table: missing.csv
      default: 1
      from: x
  - lookup: {field: OBX-3.1, table: codes.txt}
  - lookup: {field: OBX-3.1, into: MSH-18, table: missing.yaml}
`);
  t.deepEqual(described(issues).map(([key, line, message]) => [key, line, message.replace(/ \/\S+\//, ' /')]), [
    ['stages[1].lookup.field', 10, 'must be a field path SEG-FIELD[REPETITION].COMPONENT.SUBCOMPONENT, such as PID-3.1, PID-3[2].1 or MSH-9.2: a segment ID of 3 upper-case letters or digits starting with a letter, then numbers from 1'],
    ['stages[1].lookup.table', 12, 'cannot read the table /missing.csv: no such file'],
    ['stages[1].lookup.default', 13, 'must be keep, error, or the value to write as a quoted string (got 1)'],
    ['stages[1].lookup.from', 14, 'unknown key; known keys here: field, table, into, default'],
    ['stages[2].lookup.table', 15, 'must be a .csv file with the header from,to, or a .yaml or .yml mapping (got /codes.txt)'],
    ['stages[3].lookup.into', 16, 'MSH-18 cannot be changed: the delimiters and the character set of a parsed message are fixed'],
    ['stages[3].lookup.table', 16, 'cannot read the table /missing.yaml: no such file'],
  ]);
});

test('into must be in the segment the value is read from', (t) => {
  t.deepEqual(described(issuesOf('  - lookup: {field: OBX-3.1, into: PID-3.1, table: t.yaml}\n', { 't.yaml': 'A: B\n' })), [
    ['stages[1].lookup.into', 9, 'must be in the segment of field, OBX: the value is written in each segment it was read from (got PID-3.1)'],
  ]);
});

test('a malformed table is reported in the table file at its line, keyed by the stage that reads it', (t) => {
  const issues = issuesOf('  - lookup: {field: OBX-3.1, table: loinc.csv}\n', { 'loinc.csv': 'from,to\nGLU,2345-7\nGLU,2345-8\n' });
  t.is(issues.length, 1);
  t.true(issues[0].file?.endsWith('/loinc.csv'));
  t.like(issues[0], { line: 3, key: 'stages[1].lookup.table', message: '"GLU" is already in the table, on line 2' });
});
