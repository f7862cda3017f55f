import test from 'ava';
import type { FieldAssignment, ValueTemplate } from '../../../engine/channels/stage.ts';
import { runStages } from '../../../engine/channels/run-stages.ts';
import { parseStage } from '../../../transforms/stages/parse-stage.ts';
import { setStage } from '../../../transforms/stages/set-stage.ts';
import { ADT_A01, envelopeOf } from './stage-kit.ts';

const parse = parseStage({ kind: 'parse', format: 'hl7v2' }, { label: 'stages[0].parse' });
const text = (value: string): ValueTemplate => [{ kind: 'text', text: value }];
const ref = (field: string): ValueTemplate => [{ kind: 'field', field }];
const set = (...fields: FieldAssignment[]) => setStage({ kind: 'set', fields }, { label: 'stages[1].set' });
const ORU = [
  'MSH|^~\\&|LAB|HOSP|EHR|HOSP|20260101120000||ORU^R01|C1|P|2.5',
  'PID|1||123||DOE^JANE',
  'OBX|1|NM|GLU^Glucose||5.5',
  'OBX|2|NM|NA^Sodium||140',
].join('\r');

test('set writes text and references; the content and the stage output follow', async (t) => {
  const envelope = await runStages([parse, set({ field: 'MSH-5', value: text('PLEXUS') }, { field: 'MSH-6', value: [...text('from '), ...ref('MSH-4')] })], envelopeOf(ADT_A01));
  t.is(envelope.status, 'TRANSFORMED');
  const expected = ADT_A01.replace('|PLEXUS|HOSP|', '|PLEXUS|from HOSP_EU|');
  t.is(envelope.content.toString('latin1'), expected);
  t.deepEqual(envelope.outputs.map((output) => [output.stage, output.content.toString('latin1')]), [['stages[1].set', expected]]);
  t.true(envelope.raw.equals(Buffer.from(ADT_A01, 'latin1')));
});

test('every value is read before anything is written, so a stage can swap two fields', async (t) => {
  const envelope = await runStages([parse, set({ field: 'PID-5.1', value: ref('PID-5.2') }, { field: 'PID-5.2', value: ref('PID-5.1') })], envelopeOf(ADT_A01));
  t.regex(envelope.content.toString('latin1'), /\|JANE\^DOE\r/);
});

test('a field is written in every segment of its kind, references into that kind read the same segment', async (t) => {
  const envelope = await runStages([parse, set({ field: 'OBX-3.3', value: text('LOCAL') }, { field: 'OBX-4', value: [...ref('OBX-3.2'), ...text(' of '), ...ref('PID-5')] })], envelopeOf(ORU));
  const content = envelope.content.toString('latin1');
  t.regex(content, /OBX\|1\|NM\|GLU\^Glucose\^LOCAL\|Glucose of DOE\|5\.5/);
  t.regex(content, /OBX\|2\|NM\|NA\^Sodium\^LOCAL\|Sodium of DOE\|140/);
});

test('a segment the message lacks is created; a header change updates the type and control id', async (t) => {
  const envelope = await runStages([parse, set({ field: 'ZPI-2', value: ref('PID-3.1') }, { field: 'MSH-9.2', value: text('A08') }, { field: 'MSH-10', value: text('NEW') })], envelopeOf(ADT_A01));
  t.true(envelope.content.toString('latin1').endsWith('PV1|1|I\rZPI||123'));
  t.is(envelope.messageType, 'ADT^A08');
  t.is(envelope.controlId, 'NEW');
});

test('a value the character set cannot carry marks the message ERROR and leaves it as it came', async (t) => {
  const envelope = await runStages([parse, set({ field: 'PID-8', value: text('F') }, { field: 'PID-5.1', value: text('李') })], envelopeOf(`${ADT_A01.replace('|P|2.5', '|P|2.5||||||8859/1')}`));
  t.is(envelope.status, 'ERROR');
  t.like(envelope.error, { kind: 'content', stage: 'stages[1].set', code: 207 });
  t.regex(envelope.error!.text, /cannot carry/);
  t.true(envelope.content.equals(envelope.raw));
  t.deepEqual(envelope.outputs, []);
});
