import test from 'ava';
import { Hl7v2ParseError } from '../../../transforms/hl7v2/hl7v2-parse-error.ts';
import { parseHl7v2Message, toHl7v2Bytes } from '../../../transforms/hl7v2/parse-hl7v2-message.ts';
import { naiveMshFields, readFixture, readFixtures } from './hl7v2-fixtures.ts';

const fixtures = readFixtures();

test('there are fixture messages to read', (t) => {
  t.true(fixtures.length >= 75);
});

for (const { name, bytes } of fixtures) {
  test(`fixture ${name}: parses, gives back its exact bytes, and reads its header`, (t) => {
    const message = parseHl7v2Message(bytes);
    t.is(message.toBuffer(), bytes);
    t.true(Buffer.from(message.toString(), message.encoding).equals(bytes));
    const msh = naiveMshFields(bytes);
    t.is(message.get('MSH-1'), '|');
    t.is(message.get('MSH-2'), '^~\\&');
    t.is(message.getEncoded('MSH-9'), msh[9]);
    t.is(message.messageCode, msh[9].split('^')[0]);
    t.is(message.triggerEvent, msh[9].split('^')[1]);
    t.is(message.controlId, msh[10]);
    t.is(message.version, msh[12]);
    t.is(message.sendingApplication, msh[3].split('^')[0] || undefined);
    t.is(message.segments[0].id, 'MSH');
    t.is(message.segmentTerminator.toString('latin1'), '\n');
  });
}

test('a patient\'s identifiers and name: repetitions, components, subcomponents', (t) => {
  const message = parseHl7v2Message(readFixture('ADT-A01-01.hl7'));
  t.is(message.get('PID-3.1'), 'PATID1234');
  t.is(message.get('PID-3[2].1'), '123456789');
  t.is(message.get('PID-3[2].4'), 'USSSA');
  t.is(message.get('PID-3.4.2'), '2.16.1');
  t.deepEqual(message.getAll('PID-3.1'), ['PATID1234', '123456789']);
  t.is(message.get('PID-5.1'), 'EVERYMAN');
  t.is(message.get('PID-5.1.5'), 'Aniston');
  t.is(message.get('PID-5[2].3'), 'stanley');
  t.is(message.get('PID-3[3].1'), undefined);
  t.is(message.get('PID-99'), undefined);
  t.is(message.get('ZZZ-1'), undefined);
  t.is(message.messageType, 'ADT^A01');
  t.is(message.messageStructure, 'ADT_A01');
  t.is(message.sendingFacility, 'GHHSFacility');
  t.is(message.receivingApplication, 'EHRApp');
  t.is(message.receivingFacility, 'GHHRFacility');
  t.is(message.dateTime, '198908181126+0215');
  t.is(message.processingId, 'P');
});

test('segment terminators CR, LF and CRLF are detected and kept', (t) => {
  const lf = readFixture('ADT-A40-01.hl7').toString('latin1');
  for (const terminator of ['\r', '\n', '\r\n']) {
    const bytes = Buffer.from(lf.replaceAll('\n', terminator) + terminator, 'latin1');
    const message = parseHl7v2Message(bytes);
    t.deepEqual(message.segments.map((segment) => segment.id), ['MSH', 'EVN', 'PID', 'MRG']);
    t.is(message.segmentTerminator.toString('latin1'), terminator);
    t.is(message.get('MRG-1.4'), 'BCBS');
    t.true(message.toBuffer().equals(bytes));
  }
});

test('in a CR-terminated message a line feed is data; blank lines and trailing whitespace are kept', (t) => {
  const bytes = Buffer.from('\r\nMSH|^~\\&|A|B\rNTE|1||line one\nline two|\r\r\rPID|1||\r\n\r\n');
  const message = parseHl7v2Message(bytes);
  t.deepEqual(message.segments.map((segment) => segment.id), ['MSH', 'NTE', 'PID']);
  t.is(message.get('NTE-3'), 'line one\nline two');
  t.is(message.segment('PID')?.fieldCount, 3);
  t.true(message.toBuffer().equals(bytes));
});

test('a forced segment terminator splits only there', (t) => {
  const bytes = Buffer.from('MSH|^~\\&|A\nB|C\rPID|1\r');
  const forced = parseHl7v2Message(bytes, { segmentTerminator: '\r' });
  t.deepEqual(forced.segments.map((segment) => segment.id), ['MSH', 'PID']);
  t.is(forced.get('MSH-3'), 'A\nB');
  t.throws(() => parseHl7v2Message(bytes), { instanceOf: Hl7v2ParseError, message: /invalid segment id.*found 'B\|C/ });
  t.true(parseHl7v2Message(bytes, { segmentTerminator: Uint8Array.of(0x0d) }).toBuffer().equals(bytes));
  t.throws(() => parseHl7v2Message(bytes, { segmentTerminator: '' }), { instanceOf: TypeError });
});

test('any legal delimiter set is read from MSH-1 and MSH-2', (t) => {
  const message = parseHl7v2Message('MSH#!@%$#APP#FAC#####ADT!A01#1#P#2.5\rPID#1##ID1!!!AUTH$X@ID2###A%F%B!C%S%D\r');
  t.deepEqual(message.delimiters, { field: '#', component: '!', repetition: '@', escape: '%', subcomponent: '$' });
  t.is(message.get('MSH-1'), '#');
  t.is(message.get('MSH-2'), '!@%$');
  t.is(message.messageType, 'ADT^A01');
  t.is(message.get('PID-3.4.2'), 'X');
  t.is(message.get('PID-3[2].1'), 'ID2');
  t.is(message.get('PID-6.1'), 'A#B');
  t.is(message.get('PID-6.2'), 'C!D');
});

test('the v2.7 truncation character is read and \\P\\ stands for it', (t) => {
  const message = parseHl7v2Message('MSH|^~\\&#|A|||||||1|P|2.7\rNTE|1||ab#|a\\P\\b\r');
  t.is(message.delimiters.truncation, '#');
  t.is(message.get('MSH-2'), '^~\\&#');
  t.is(message.get('NTE-3'), 'ab#');
  t.is(message.get('NTE-4'), 'a#b');
});

test('MSH-18 decides how bytes become text, and non-ASCII bytes are kept exactly', (t) => {
  const latin1 = Buffer.from('MSH|^~\\&|A||||||ADT^A01|1|P|2.5||||||8859/1\rPID|1||||Mu\xf1oz\r', 'latin1');
  const utf8 = Buffer.from('MSH|^~\\&|A||||||ADT^A01|1|P|2.5||||||UNICODE UTF-8\rPID|1||||Muñoz\r', 'utf8');
  const undeclaredUtf8 = Buffer.from('MSH|^~\\&|A||||||ADT^A01|1|P|2.5\rPID|1||||Muñoz\r', 'utf8');
  const undeclaredLatin1 = Buffer.from('MSH|^~\\&|A||||||ADT^A01|1|P|2.5||||||ASCII\rPID|1||||Mu\xf1oz\r', 'latin1');
  for (const [bytes, encoding] of [[latin1, 'latin1'], [utf8, 'utf8'], [undeclaredUtf8, 'utf8'], [undeclaredLatin1, 'latin1']] as const) {
    const message = parseHl7v2Message(bytes);
    t.is(message.encoding, encoding);
    t.is(message.get('PID-5'), 'Muñoz');
    t.is(message.toBuffer(), bytes);
  }
  t.is(parseHl7v2Message(utf8).charset, 'UNICODE UTF-8');
  t.is(parseHl7v2Message(undeclaredUtf8).charset, '');
});

test('a character set other than ASCII, 8859/1 and UNICODE UTF-8 is refused naming MSH-18 and its value', (t) => {
  const error = t.throws(() => parseHl7v2Message('MSH|^~\\&|A||||||ADT^A01|1|P|2.5||||||ISO IR87\rPID|1\r'), { instanceOf: Hl7v2ParseError });
  t.is(error.segment, 'MSH');
  t.is(error.field, 18);
  t.is(error.code, 103);
  t.regex(error.message, /MSH-18.*'ISO IR87'/);
  t.throws(() => parseHl7v2Message('MSH|^~\\&|A||||||ADT^A01|1|P|2.5||||||UNICODE UTF-8~ISO IR87\r'), { message: /MSH-18/ });
});

test('Z-segments are kept and read like any other', (t) => {
  const message = parseHl7v2Message('MSH|^~\\&|A\rZPI|1|custom^value\rZ01|x\r');
  t.deepEqual(message.segments.map((segment) => segment.id), ['MSH', 'ZPI', 'Z01']);
  t.is(message.get('ZPI-2.2'), 'value');
});

test('a UTF-8 byte order mark before MSH is kept', (t) => {
  const bytes = readFixture('ADT04-251.hl7');
  t.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
  const message = parseHl7v2Message(bytes);
  t.is(message.encoding, 'utf8');
  message.set('PID-5.1', 'CHANGED');
  t.deepEqual([...message.toBuffer().subarray(0, 6)], [0xef, 0xbb, 0xbf, 0x4d, 0x53, 0x48]);
});

test('what is not a message is a parse error that names segment and field', (t) => {
  const cases: [string, RegExp, string, number][] = [
    ['', /must start with an MSH segment, but the input is empty/, 'MSH', 0],
    ['PID|1\r', /must start with an MSH segment, but it starts with 'PID'/, 'MSH', 0],
    ['MSH', /field separator \(MSH-1\)/, 'MSH', 1],
    ['MSHA^~\\&|', /field separator \(MSH-1\)/, 'MSH', 1],
    ['MSH|^~\\|x', /MSH-2.*found 3/, 'MSH', 2],
    ['MSH|^~^&|x', /MSH-2.*distinct/, 'MSH', 2],
    ['MSH|^~\\&|A\rpid|1', /invalid segment id.*'pid\|1'/, '', 0],
    ['MSH|^~\\&|A\rPI|1', /invalid segment id/, '', 0],
    ['MSH|^~\\&|A\rMSH|^~\\&|B', /MSH segment inside a message.*splitHl7v2Batch/, 'MSH', 0],
  ];
  for (const [input, message, segment, field] of cases) {
    const error = t.throws(() => parseHl7v2Message(input), { instanceOf: Hl7v2ParseError, message });
    t.is(error.segment, segment, input);
    t.is(error.field, field, input);
  }
  const error = t.throws(() => parseHl7v2Message('MSH|^~\\&|A\rPID|1\r\x00\x01garbage'), { instanceOf: Hl7v2ParseError });
  t.is(error.segmentIndex, 2);
  t.is(error.position, 17);
  t.regex(error.message, /segment 3/);
});

test('text input is encoded in the character set its MSH-18 declares', (t) => {
  t.deepEqual([...toHl7v2Bytes('MSH|^~\\&||||||||||||||||8859/1\rPID|é').subarray(-1)], [0xe9]);
  t.deepEqual([...toHl7v2Bytes('MSH|^~\\&|\rPID|é').subarray(-2)], [0xc3, 0xa9]);
  const bytes = Uint8Array.from(Buffer.from('MSH|^~\\&|A'));
  t.true(toHl7v2Bytes(bytes).equals(Buffer.from(bytes)));
});
