import test from 'ava';
import { ackErrorFromParseError, judgeAckErrors } from '../../../transforms/hl7v2/hl7v2-ack-error.ts';
import { Hl7v2ParseError } from '../../../transforms/hl7v2/hl7v2-parse-error.ts';

test('errors decide the verdict: system failures and reject codes reject, content errors err, warnings accept', (t) => {
  t.is(judgeAckErrors([]), 'accepted');
  t.is(judgeAckErrors([{ kind: 'content', code: 0, text: 'note', severity: 'I' }]), 'accepted');
  t.is(judgeAckErrors([{ kind: 'content', code: 102, text: 'bad', severity: 'W' }]), 'accepted');
  t.is(judgeAckErrors([{ kind: 'content', code: 102, text: 'bad' }]), 'error');
  t.is(judgeAckErrors([{ kind: 'content', code: 102, text: 'bad', severity: 'F' }]), 'error');
  t.is(judgeAckErrors([{ kind: 'content', code: 202, text: 'processing id' }]), 'rejected');
  t.is(judgeAckErrors([{ kind: 'content', code: 102, text: 'bad' }, { kind: 'system', code: 207, text: 'queue full', severity: 'W' }]), 'rejected');
});

test('a parse error becomes a content error at its segment and field', (t) => {
  const error = new Hl7v2ParseError('bad', { segment: 'MSH', segmentIndex: 0, field: 18, position: 0, code: 103 });
  t.deepEqual(ackErrorFromParseError(error), { kind: 'content', code: 103, text: error.message, location: { segmentId: 'MSH', segmentSequence: 1, field: 18 } });
  const noField = new Hl7v2ParseError('bad id', { segment: '', segmentIndex: 3, field: 0, position: 9, code: 100 });
  t.deepEqual(ackErrorFromParseError(noField).location, { segmentId: '', segmentSequence: 4 });
  t.is(noField.message, 'HL7v2 parse error in segment 4, segment id, at byte 9: bad id');
  t.is(noField.reason, 'bad id');
  t.is(noField.name, 'Hl7v2ParseError');
});
