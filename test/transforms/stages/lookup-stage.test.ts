import test from 'ava';
import type { LookupDefault } from '../../../engine/channels/stage.ts';
import { runStages } from '../../../engine/channels/run-stages.ts';
import { lookupStage } from '../../../transforms/stages/lookup-stage.ts';
import { parseStage } from '../../../transforms/stages/parse-stage.ts';
import { envelopeOf } from './stage-kit.ts';

const parse = parseStage({ kind: 'parse', format: 'hl7v2' }, { label: 'stages[0].parse' });
const LOINC = new Map([['GLU', '2345-7'], ['NA', '2951-2']]);
const lookup = (fallback: LookupDefault, into = 'OBX-3.1') =>
  lookupStage({ kind: 'lookup', field: 'OBX-3.1', into, table: '/channels/lab/loinc.csv', entries: LOINC, default: fallback }, { label: 'stages[1].lookup' });
const oru = (...codes: string[]) => [
  'MSH|^~\\&|LAB|HOSP|EHR|HOSP|20260101120000||ORU^R01|C1|P|2.5',
  ...codes.map((code, i) => `OBX|${i + 1}|NM|${code}^Name||1`),
].join('\r');
const obx3 = (content: Buffer) => content.toString('latin1').split('\r').filter((s) => s.startsWith('OBX')).map((s) => s.split('|')[3]);

test('each segment of the kind has its value looked up and the match written', async (t) => {
  const envelope = await runStages([parse, lookup({ kind: 'keep' })], envelopeOf(oru('GLU', 'NA', 'K')));
  t.is(envelope.status, 'TRANSFORMED');
  t.deepEqual(obx3(envelope.content), ['2345-7^Name', '2951-2^Name', 'K^Name']);
  t.deepEqual(envelope.outputs.map((output) => output.stage), ['stages[1].lookup']);
});

test('the match can go to another field of the same segment', async (t) => {
  const envelope = await runStages([parse, lookup({ kind: 'keep' }, 'OBX-3.4')], envelopeOf(oru('GLU')));
  t.deepEqual(obx3(envelope.content), ['GLU^Name^^2345-7']);
});

test('a value not in the table gets the default value, or is an ERROR with code 103', async (t) => {
  const defaulted = await runStages([parse, lookup({ kind: 'value', value: 'UNKNOWN' })], envelopeOf(oru('K', 'GLU')));
  t.deepEqual(obx3(defaulted.content), ['UNKNOWN^Name', '2345-7^Name']);
  const refused = await runStages([parse, lookup({ kind: 'error' })], envelopeOf(oru('GLU', 'K')));
  t.is(refused.status, 'ERROR');
  t.deepEqual(refused.error, { kind: 'content', stage: 'stages[1].lookup', text: 'OBX-3.1 "K" is not in the table loinc.csv', code: 103 });
  t.true(refused.content.equals(refused.raw));
});

test('an empty value is never looked up, even with a default', async (t) => {
  const envelope = await runStages([parse, lookup({ kind: 'error' })], envelopeOf(`${oru('GLU')}\rOBX|2|NM|^Name||1`));
  t.is(envelope.status, 'TRANSFORMED');
  t.deepEqual(obx3(envelope.content), ['2345-7^Name', '^Name']);
  const none = await runStages([parse, lookup({ kind: 'value', value: 'X' })], envelopeOf(oru()));
  t.true(none.content.equals(none.raw));
});
