import test from 'ava';
import { buildAck } from '../../../transforms/hl7v2/build-ack.ts';
import type { Hl7v2AckError } from '../../../transforms/hl7v2/hl7v2-ack-error.ts';
import { isHl7v2VersionAtLeast } from '../../../transforms/hl7v2/hl7v2-version.ts';
import { parseHl7v2Message } from '../../../transforms/hl7v2/parse-hl7v2-message.ts';
import { naiveMshFields, readFixtures } from './hl7v2-fixtures.ts';

const now = new Date('2024-05-06T07:08:09.012Z');
const header = (version: string, acks = '') => `MSH|^~\\&|SAPP|SFAC|RAPP|RFAC|20240101||ORU^R01^ORU_R01|CTRL-1|T|${version}|||${acks}\rPID|1\r`;

for (const { name, bytes } of readFixtures()) {
  test(`fixture ${name}: the ACK swaps sender and receiver and echoes control id, version and processing id`, (t) => {
    const message = parseHl7v2Message(bytes);
    const ack = buildAck(message, [], { now, controlId: 'ACK-1' });
    const msh = naiveMshFields(bytes);
    const enhanced = (msh[15] ?? '').trim() !== '' || (msh[16] ?? '').trim() !== '';
    t.is(ack.get('MSA-1'), enhanced ? 'CA' : 'AA');
    t.is(ack.getEncoded('MSA-2'), msh[10]);
    t.is(ack.getEncoded('MSH-3'), msh[5] ?? '');
    t.is(ack.getEncoded('MSH-4'), msh[6] ?? '');
    t.is(ack.getEncoded('MSH-5') ?? '', msh[3]);
    t.is(ack.getEncoded('MSH-6') ?? '', msh[4]);
    t.is(ack.getEncoded('MSH-9'), isHl7v2VersionAtLeast(message.version, '2.3.1') ? `ACK^${message.triggerEvent}^ACK` : `ACK^${message.triggerEvent}`);
    t.is(ack.controlId, 'ACK-1');
    t.is(ack.dateTime, '20240506070809.012+0000');
    t.is(ack.getEncoded('MSH-11'), msh[11]);
    t.is(ack.getEncoded('MSH-12'), msh[12]);
    t.is(ack.get('MSH-2'), '^~\\&');
    t.is(ack.segment('ERR'), undefined);
  });
}

test('from v2.5 a content error answers AE with an ERR: location, table 0357 code, severity, user text', (t) => {
  const error: Hl7v2AckError = { kind: 'content', code: 101, text: 'PID-3 (patient id) is required', location: { segmentId: 'PID', field: 3, component: 1 } };
  const ack = buildAck(parseHl7v2Message(header('2.5.1')), [error], { now, controlId: 'A1' });
  t.is(ack.toString(), 'MSH|^~\\&|RAPP|RFAC|SAPP|SFAC|20240506070809.012+0000||ACK^R01^ACK|A1|T|2.5.1\r'
    + 'MSA|AE|CTRL-1\r'
    + 'ERR||PID^1^3^^1|101^Required field missing^HL70357|E||||PID-3 (patient id) is required\r');
});

test('before v2.5 the error is MSA-3 text and ERR-1 segment^sequence^field^code&text&HL70357', (t) => {
  const errors: Hl7v2AckError[] = [
    { kind: 'content', code: 102, text: 'bad date | time', location: { segmentId: 'PID', segmentSequence: 1, field: 7 } },
    { kind: 'content', code: 103, text: 'unknown sex' },
  ];
  const ack = buildAck(parseHl7v2Message(header('2.4')), errors, { now, controlId: 'A2' });
  t.is(ack.get('MSA-1'), 'AE');
  t.is(ack.get('MSA-3'), 'bad date | time; unknown sex');
  t.is(ack.getEncoded('ERR-1'), 'PID^1^7^102&Data type error&HL70357~^^^103&Table value not found&HL70357');
  t.is(ack.getEncoded('MSH-9'), 'ACK^R01^ACK');
});

test('a system failure answers AR in original mode and CR in enhanced mode, so that the sender retries', (t) => {
  const failure: Hl7v2AckError = { kind: 'system', code: 207, text: 'the database is unavailable' };
  const original = buildAck(parseHl7v2Message(header('2.5')), [failure], { now });
  t.is(original.get('MSA-1'), 'AR');
  t.is(original.get('ERR-3.1'), '207');
  t.is(original.get('ERR-8'), 'the database is unavailable');
  const enhanced = buildAck(parseHl7v2Message(header('2.5', 'AL|AL')), [failure], { now });
  t.is(enhanced.get('MSA-1'), 'CR');
  t.is(enhanced.get('MSH-15'), 'NE');
  t.is(enhanced.get('MSH-16'), 'NE');
});

test('enhanced mode: accept acknowledgments by default, application acknowledgments on request', (t) => {
  const message = parseHl7v2Message(header('2.6', 'AL|AL'));
  t.is(buildAck(message).get('MSA-1'), 'CA');
  t.is(buildAck(message, [{ kind: 'content', code: 102, text: 'bad' }]).get('MSA-1'), 'CE');
  t.is(buildAck(message, [], { kind: 'application' }).get('MSA-1'), 'AA');
  t.is(buildAck(message, [{ kind: 'content', code: 102, text: 'bad' }], { kind: 'application' }).get('MSA-1'), 'AE');
  t.is(buildAck(parseHl7v2Message(header('2.6')), [], { kind: 'accept' }).get('MSA-1'), 'CA');
});

test('warnings leave a message accepted; unsupported type, event, processing id or version reject it', (t) => {
  const message = parseHl7v2Message(header('2.5'));
  const warned = buildAck(message, [{ kind: 'content', code: 0, text: 'accepted with a note', severity: 'W' }]);
  t.is(warned.get('MSA-1'), 'AA');
  t.is(warned.get('ERR-4'), 'W');
  t.is(buildAck(message, [{ kind: 'content', code: 203, text: 'version 2.9 unsupported' }]).get('MSA-1'), 'AR');
  t.is(buildAck(message, [{ kind: 'content', code: 200, text: 'no ORU here', severity: 'W' }]).get('MSA-1'), 'AA');
});

test('the ACK uses the message\'s own delimiters and character set, escaping text in them', (t) => {
  const message = parseHl7v2Message(Buffer.from('MSH#!@%$#S#F#R#G#2024##ADT!A01#C9#P#2.5######8859/1\r', 'latin1'));
  const ack = buildAck(message, [{ kind: 'content', code: 207, text: 'Fehler #1 bei Müller' }], { now, controlId: 'X' });
  t.is(ack.toBuffer().toString('latin1'), 'MSH#!@%$#R#G#S#F#20240506070809.012+0000##ACK!A01!ACK#X#P#2.5######8859/1\r'
    + 'MSA#AE#C9\r'
    + 'ERR###207!Application internal error!HL70357#E####Fehler %F%1 bei M\xfcller\r');
  t.is(ack.get('ERR-8'), 'Fehler #1 bei Müller');
  const ascii = buildAck(parseHl7v2Message(Buffer.from('MSH|^~\\&|A||||||ADT^A01|C|P|2.5||||||8859/1\r', 'latin1')), [{ kind: 'content', code: 207, text: '李 failed' }]);
  t.is(ascii.get('ERR-8'), '? failed');
});

test('a new control id is made for every ACK, and the message without a trigger event still gets an ACK', (t) => {
  const message = parseHl7v2Message('MSH|^~\\&|A|B|C|D|2024||ACK|1|P|2.5\r');
  const first = buildAck(message);
  const second = buildAck(message);
  t.regex(first.controlId ?? '', /^[0-9a-f]{20}$/);
  t.not(first.controlId, second.controlId);
  t.is(first.getEncoded('MSH-9'), 'ACK^^ACK');
  t.is(buildAck(parseHl7v2Message('MSH|^~\\&|A|B|C|D|2024||ACK|1|P|2.2\r')).getEncoded('MSH-9'), 'ACK');
});
