import test from 'ava';
import { parseHl7v2Message } from '../../../transforms/hl7v2/parse-hl7v2-message.ts';
import { readFixture } from './hl7v2-fixtures.ts';

const SAMPLE = 'MSH|^~\\&|APP|FAC|RAPP|RFAC|20240101120000||ADT^A08^ADT_A01|CTRL1|P|2.5.1|||AL|NE||8859/1\r'
  + 'PID|1||ID1^^^AUTH^MR~ID2^^^OTHER^PI||Mu\xf1oz^Jos\xe9\r'
  + 'OBX|1|ST|CODE||first\r'
  + 'NTE|1||trailing|||\r';

function sample() {
  return parseHl7v2Message(Buffer.from(SAMPLE, 'latin1'));
}

test('get reads the first of every level left out; getEncoded gives the wire text', (t) => {
  const message = sample();
  t.is(message.get('PID-3'), 'ID1');
  t.is(message.get('PID-5'), 'Muñoz');
  t.is(message.get('PID-5.2'), 'José');
  t.is(message.getEncoded('PID-3'), 'ID1^^^AUTH^MR~ID2^^^OTHER^PI');
  t.is(message.getEncoded('PID-3[2]'), 'ID2^^^OTHER^PI');
  t.is(message.getEncoded('PID-3.4'), 'AUTH');
  t.is(message.getEncoded('MSH-2'), '^~\\&');
  t.is(message.get('PID-2'), undefined);
  t.is(message.get('NTE-4'), undefined);
  t.deepEqual(message.getAll('PID-3.4'), ['AUTH', 'OTHER']);
  t.deepEqual(message.getAll('PID-2'), []);
  t.throws(() => message.getAll('PID-3[1].1'), { instanceOf: TypeError, message: /leave the repetition out/ });
});

test('header getters read MSH', (t) => {
  const message = sample();
  t.is(message.messageType, 'ADT^A08');
  t.is(message.messageStructure, 'ADT_A01');
  t.is(message.controlId, 'CTRL1');
  t.is(message.version, '2.5.1');
  t.is(message.acceptAckType, 'AL');
  t.is(message.applicationAckType, 'NE');
  t.is(message.charset, '8859/1');
  t.is(message.encoding, 'latin1');
});

test('set re-encodes only the segment it changes, escaping delimiters in the value', (t) => {
  const message = sample();
  t.false(message.modified);
  message.set('PID-5.1', 'O^Brien|Ünal & co~\\');
  t.true(message.modified);
  t.is(message.get('PID-5.1'), 'O^Brien|Ünal & co~\\');
  t.is(message.get('PID-5.2'), 'José');
  const expected = SAMPLE.replace('Mu\xf1oz^', 'O\\S\\Brien\\F\\\xdcnal \\T\\ co\\R\\\\E\\^');
  t.true(message.toBuffer().equals(Buffer.from(expected, 'latin1')));
  t.false(message.segment('MSH')?.modified);
  t.true(message.segment('PID')?.modified);
});

test('set creates missing fields, repetitions, components and subcomponents', (t) => {
  const message = sample();
  message.set('PID-3[3].4.2', 'SYS');
  message.set('PID-8', 'F');
  t.is(message.getEncoded('PID-3'), 'ID1^^^AUTH^MR~ID2^^^OTHER^PI~^^^&SYS');
  t.is(message.segment('PID')?.text, 'PID|1||ID1^^^AUTH^MR~ID2^^^OTHER^PI~^^^&SYS||Muñoz^José|||F');
  message.set('PID-5', 'Garcia');
  t.is(message.getEncoded('PID-5'), 'Garcia^José');
});

test('set creates missing segments after the last of their kind, or at the end', (t) => {
  const message = sample();
  message.set('OBX[3]-5', 'third');
  message.set('ZZZ-2', 'z');
  t.deepEqual(message.segments.map((segment) => segment.id), ['MSH', 'PID', 'OBX', 'OBX', 'OBX', 'NTE', 'ZZZ']);
  t.is(message.get('OBX[3]-5'), 'third');
  t.is(message.segment('OBX', 2)?.text, 'OBX');
  t.true(message.toString().endsWith('NTE|1||trailing|||\rZZZ||z\r'));
});

test('a segment added after a last segment without terminator gets the message\'s terminator', (t) => {
  const message = parseHl7v2Message(readFixture('ADT-A40-01.hl7'));
  message.set('ZZZ-1', 'x');
  t.true(message.toString().endsWith('MRG|56789^^^BCBS^MR\nZZZ|x'));
});

test('delimiters and character set cannot be set; nor text the character set cannot carry', (t) => {
  const message = sample();
  t.throws(() => message.set('MSH-1', '#'), { instanceOf: TypeError, message: /MSH-1 cannot be set/ });
  t.throws(() => message.set('MSH-2', '!@%$'), { instanceOf: TypeError });
  t.throws(() => message.set('MSH-18', 'UNICODE UTF-8'), { instanceOf: TypeError });
  t.throws(() => message.set('PID-5', '李'), { instanceOf: RangeError, message: /MSH-18 '8859\/1'/ });
  t.false(message.modified);
  t.throws(() => message.get('PID5'), { instanceOf: TypeError, message: /invalid HL7v2 path 'PID5'/ });
});

test('a set MSH field keeps MSH-1 and MSH-2 in place', (t) => {
  const message = sample();
  message.set('MSH-10', 'NEW');
  t.true(message.toString().startsWith('MSH|^~\\&|APP|FAC|RAPP|RFAC|20240101120000||ADT^A08^ADT_A01|NEW|P|'));
});

test('segments are found by id and occurrence', (t) => {
  const message = parseHl7v2Message(readFixture('ORU-R01-01.hl7'));
  const observations = message.segmentsWithId('OBX');
  t.true(observations.length > 2);
  t.is(message.segment('OBX', 2), observations[1]);
  t.is(message.get('OBX[2]-2'), 'ED');
  t.is(message.get('OBX[5]-1'), '2');
  t.is(message.segment('OBX', observations.length + 1), undefined);
});

test('remove takes out whole segments, every one or the n-th, keeping the others\' bytes', (t) => {
  const message = parseHl7v2Message(Buffer.from(`${SAMPLE}OBX|2|ST|CODE||second\rNTE|2\r`, 'latin1'));
  message.remove('OBX[2]');
  t.deepEqual(message.segments.map((segment) => segment.id), ['MSH', 'PID', 'OBX', 'NTE', 'NTE']);
  t.is(message.removeSegments('NTE'), 2);
  t.is(message.toString(), SAMPLE.replace('NTE|1||trailing|||\r', '').replace('Mu\xf1oz^Jos\xe9', 'Muñoz^José'));
  t.true(message.modified);
  t.is(message.removeSegments('ZZZ'), 0);
});

test('removing the last segment keeps how the input ended', (t) => {
  const message = parseHl7v2Message(readFixture('ADT-A40-01.hl7'));
  message.remove('MRG');
  t.false(message.toString().endsWith('\n'));
  t.is(message.segments.at(-1)?.id, 'PID');
  const ended = sample();
  ended.remove('NTE');
  t.true(ended.toString().endsWith('OBX|1|ST|CODE||first\r'));
});

test('remove clears a field path in the segment it names; MSH stays', (t) => {
  const message = sample();
  message.remove('PID-3[1]');
  message.remove('PID-5.2');
  message.remove('ZZZ-1');
  t.is(message.segment('PID')?.text, 'PID|1||ID2^^^OTHER^PI||Muñoz');
  t.throws(() => message.remove('MSH'), { instanceOf: TypeError, message: 'MSH cannot be removed: a message starts with its header' });
  t.throws(() => message.remove('MSH-1'), { instanceOf: TypeError, message: /MSH-1 cannot be removed/ });
  t.throws(() => message.remove('pid-5'), { instanceOf: TypeError, message: /invalid HL7v2 path 'pid-5'/ });
});
