import test from 'ava';
import { runStages } from '../../../engine/channels/run-stages.ts';
import { editStep } from '../../../transforms/stages/edit-step.ts';
import { parseStage } from '../../../transforms/stages/parse-stage.ts';
import { ADT_A01, envelopeOf } from './stage-kit.ts';

const parse = parseStage({ kind: 'parse', format: 'hl7v2' }, { label: 'stages[0].parse' });

test('an edit works on a copy: the parsed message before it is left as it was', async (t) => {
  const envelope = envelopeOf(ADT_A01);
  await runStages([parse], envelope);
  const before = envelope.parsed;
  await runStages([editStep('stages[1].set', (message) => message.set('MSH-10', 'NEW'))], envelope);
  t.not(envelope.parsed, before);
  t.is(envelope.controlId, 'NEW');
  t.is((before as { controlId: string }).controlId, 'MSG0001');
});

test('a failing edit leaves parsed message, content, control id and outputs as they were', async (t) => {
  const envelope = await runStages([parse, editStep('stages[1].script', (message) => {
    message.set('MSH-10', 'HALF');
    throw new Error('half way');
  })], envelopeOf(ADT_A01));
  t.is(envelope.status, 'ERROR');
  t.is(envelope.controlId, 'MSG0001');
  t.is((envelope.parsed as { controlId: string }).controlId, 'MSG0001');
  t.true(envelope.content.equals(envelope.raw));
  t.deepEqual(envelope.outputs, []);
});

test('without a parse stage before it the message is ERROR, a system error', async (t) => {
  const envelope = await runStages([editStep('stages[0].set', () => undefined)], envelopeOf(ADT_A01));
  t.is(envelope.status, 'ERROR');
  t.like(envelope.error, { kind: 'system', stage: 'stages[0].set', text: 'the stages[0].set stage needs a parse stage before it' });
});
