import test from 'ava';
import { acknowledgmentsDue } from '../../../transforms/hl7v2/acknowledgments-due.ts';
import type { Hl7v2AckVerdict } from '../../../transforms/hl7v2/hl7v2-ack-error.ts';
import { parseHl7v2Message } from '../../../transforms/hl7v2/parse-hl7v2-message.ts';

const withConditions = (accept: string, application: string) => parseHl7v2Message(`MSH|^~\\&|A|B|C|D|2024||ADT^A01|1|P|2.5|||${accept}|${application}\r`);

test('original mode (MSH-15 and MSH-16 empty) always asks for an application acknowledgment', (t) => {
  for (const verdict of ['accepted', 'error', 'rejected'] as const) {
    t.deepEqual(acknowledgmentsDue(withConditions('', ''), verdict), { mode: 'original', accept: false, application: true });
    t.deepEqual(acknowledgmentsDue(withConditions(' ', ' '), verdict).mode, 'original');
  }
});

test('enhanced mode follows table 0155 for each acknowledgment', (t) => {
  const due = (condition: string, verdict: Hl7v2AckVerdict) => acknowledgmentsDue(withConditions(condition, condition), verdict);
  const table: [string, Hl7v2AckVerdict, boolean][] = [
    ['AL', 'accepted', true], ['AL', 'error', true], ['AL', 'rejected', true],
    ['NE', 'accepted', false], ['NE', 'error', false], ['NE', 'rejected', false],
    ['ER', 'accepted', false], ['ER', 'error', true], ['ER', 'rejected', true],
    ['SU', 'accepted', true], ['SU', 'error', false], ['SU', 'rejected', false],
  ];
  for (const [condition, verdict, expected] of table) {
    t.deepEqual(due(condition, verdict), { mode: 'enhanced', accept: expected, application: expected }, `${condition} ${verdict}`);
  }
  t.deepEqual(acknowledgmentsDue(withConditions('AL', 'NE'), 'accepted'), { mode: 'enhanced', accept: true, application: false });
  t.deepEqual(acknowledgmentsDue(withConditions('', 'ER'), 'accepted'), { mode: 'enhanced', accept: true, application: false });
});
