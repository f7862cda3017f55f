import test from 'ava';
import { runStages } from '../../../engine/channels/run-stages.ts';
import { parseStage } from '../../../transforms/stages/parse-stage.ts';
import { removeStage } from '../../../transforms/stages/remove-stage.ts';
import { envelopeOf } from './stage-kit.ts';

const parse = parseStage({ kind: 'parse', format: 'hl7v2' }, { label: 'stages[0].parse' });
const remove = (...targets: string[]) => removeStage({ kind: 'remove', targets }, { label: 'stages[1].remove' });
const ADT = [
  'MSH|^~\\&|ADT|HOSP|EHR|HOSP|20260101120000||ADT^A01|C1|P|2.5',
  'PID|1||123^^^HOSP^MR~456^^^HOSP^PI||DOE^JANE^Q|||F|||||||||||123-45-6789',
  'NK1|1|DOE^JOHN|SPO',
  'NK1|2|DOE^JIM|CHD',
  'OBX|1|ST|A||x|||N',
  'OBX|2|ST|B||y|||H',
  '',
].join('\r');

test('segments go whole; fields, repetitions and components go from every segment of their kind', async (t) => {
  const envelope = await runStages([parse, remove('NK1', 'PID-19', 'PID-3[2]', 'PID-5.3', 'OBX-8')], envelopeOf(ADT));
  t.is(envelope.status, 'TRANSFORMED');
  t.is(envelope.content.toString('latin1'), [
    'MSH|^~\\&|ADT|HOSP|EHR|HOSP|20260101120000||ADT^A01|C1|P|2.5',
    'PID|1||123^^^HOSP^MR||DOE^JANE|||F',
    'OBX|1|ST|A||x',
    'OBX|2|ST|B||y',
    '',
  ].join('\r'));
  t.deepEqual(envelope.outputs.map((output) => output.stage), ['stages[1].remove']);
});

test('what is not there is not missed: the content stays byte for byte', async (t) => {
  const envelope = await runStages([parse, remove('ZPI', 'PV1-3', 'PID-30', 'PID-5.7')], envelopeOf(ADT));
  t.is(envelope.status, 'TRANSFORMED');
  t.true(envelope.content.equals(envelope.raw));
});
