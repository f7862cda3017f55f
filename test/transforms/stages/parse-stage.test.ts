import test from 'ava';
import { runStages } from '../../../engine/channels/run-stages.ts';
import { Hl7v2Message } from '../../../transforms/hl7v2/hl7v2-message.ts';
import { parseStage } from '../../../transforms/stages/parse-stage.ts';
import { ADT_A01, envelopeOf } from './stage-kit.ts';

const parse = parseStage({ kind: 'parse', format: 'hl7v2' }, { label: 'stages[0].parse' });

test('a parsed message carries its type and control id, and is TRANSFORMED', async (t) => {
  const envelope = await runStages([parse], envelopeOf(ADT_A01));
  t.true(envelope.parsed instanceof Hl7v2Message);
  t.is(envelope.messageType, 'ADT^A01');
  t.is(envelope.controlId, 'MSG0001');
  t.is(envelope.status, 'TRANSFORMED');
  t.is(envelope.error, null);
});

test('unparseable input is ERROR, marked unparseable, with the parser location and HL7 code', async (t) => {
  const envelope = await runStages([parse], envelopeOf('PID|1||123'));
  t.is(envelope.status, 'ERROR');
  t.is(envelope.error?.kind, 'content');
  t.true(envelope.error?.unparseable);
  t.is(envelope.error?.stage, 'stages[0].parse');
  t.regex(envelope.error!.text, /^the message cannot be parsed: /);
  t.is(typeof envelope.error?.code, 'number');
});

test('a message already in error passes the stage untouched', async (t) => {
  const envelope = envelopeOf(ADT_A01);
  envelope.status = 'ERROR';
  envelope.error = { kind: 'content', stage: 'earlier', text: 'x', code: 207 };
  await runStages([parse], envelope);
  t.is(envelope.parsed, null);
  t.is(envelope.error.stage, 'earlier');
});
