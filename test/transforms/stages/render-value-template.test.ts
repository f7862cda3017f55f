import test from 'ava';
import { parseHl7v2Message } from '../../../transforms/hl7v2/parse-hl7v2-message.ts';
import { renderValueTemplate } from '../../../transforms/stages/render-value-template.ts';

const message = parseHl7v2Message('MSH|^~\\&|LAB|HOSP\rOBX|1|NM|GLU^Glucose\rOBX|2|NM|NA^Sodium\r');

test('references read decoded values; absent ones are empty', (t) => {
  t.is(renderValueTemplate([{ kind: 'text', text: 'from ' }, { kind: 'field', field: 'MSH-4' }, { kind: 'field', field: 'PID-3' }], message, null), 'from HOSP');
});

test('a reference into the segment being written reads that segment; others read the first', (t) => {
  const second = message.segment('OBX', 2)!;
  t.is(renderValueTemplate([{ kind: 'field', field: 'OBX-3.2' }], message, second), 'Sodium');
  t.is(renderValueTemplate([{ kind: 'field', field: 'OBX-3.2' }], message, null), 'Glucose');
  t.is(renderValueTemplate([{ kind: 'field', field: 'MSH-3' }], message, second), 'LAB');
});
