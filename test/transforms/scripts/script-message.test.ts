import test from 'ava';
import { parseHl7v2Message } from '../../../transforms/hl7v2/parse-hl7v2-message.ts';
import { toScriptMessage } from '../../../transforms/scripts/script-message.ts';
import { ADT_A01 } from '../stages/stage-kit.ts';

test('a script reads values by path, counts segments and sees the header', (t) => {
  const script = toScriptMessage(parseHl7v2Message(ADT_A01));
  t.is(script.get('PID-5.2'), 'JANE');
  t.deepEqual(script.getAll('PID-3.1'), ['123', '456']);
  t.is(script.count('PID'), 1);
  t.is(script.count('OBX'), 0);
  t.is(script.messageType, 'ADT^A01');
  t.is(script.controlId, 'MSG0001');
  t.is(script.toString(), ADT_A01);
});

test('its edits change the message in place; values must be strings', (t) => {
  const message = parseHl7v2Message(ADT_A01);
  const script = toScriptMessage(message);
  script.set('PID-8', 'F');
  script.remove('PV1');
  script.set('MSH-10', 'NEW');
  t.is(message.get('PID-8'), 'F');
  t.is(message.segmentsWithId('PV1').length, 0);
  t.is(script.controlId, 'NEW');
  t.throws(() => script.set('PID-8', 1 as unknown as string), { instanceOf: TypeError, message: "set('PID-8', value): the value must be a string (got number)" });
  t.true(Object.isFrozen(script));
});
