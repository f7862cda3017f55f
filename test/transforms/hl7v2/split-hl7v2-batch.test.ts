import test from 'ava';
import { Hl7v2ParseError } from '../../../transforms/hl7v2/hl7v2-parse-error.ts';
import { splitHl7v2Batch } from '../../../transforms/hl7v2/split-hl7v2-batch.ts';
import { readFixture } from './hl7v2-fixtures.ts';

const first = readFixture('ADT-A40-01.hl7').toString('latin1').replaceAll('\n', '\r');
const second = readFixture('ORU-R01-RMGEAD.hl7').toString('latin1').replaceAll('\n', '\r');

test('a batch file is split into its messages, envelope segments aside', (t) => {
  const input = `FHS|^~\\&|SEND|FAC\rBHS|^~\\&|SEND\r${first}\r${second}\rBTS|2\rFTS|1\r`;
  const batch = splitHl7v2Batch(input);
  t.deepEqual(batch.envelope.map((segment) => segment.id), ['FHS', 'BHS', 'BTS', 'FTS']);
  t.is(batch.envelope[0].get(3), 'SEND');
  t.is(batch.envelope[2].get(1), '2');
  t.deepEqual(batch.items.map((item) => item.message?.controlId), ['8919-40', 'CNTRL-3456']);
  t.is(batch.items[0].bytes.toString('latin1'), `${first}\r`);
  t.is(batch.items[1].message?.toBuffer().toString('latin1'), `${second}\r`);
});

test('a bare sequence of messages is split too, with their own terminators', (t) => {
  const input = `${readFixture('ADT-A40-01.hl7')}\n${readFixture('ORU-R01-RMGEAD.hl7')}`;
  const batch = splitHl7v2Batch(input);
  t.deepEqual(batch.envelope, []);
  t.deepEqual(batch.items.map((item) => item.message?.messageType), ['ADT^A40', 'ORU^R01']);
  t.is(Buffer.concat(batch.items.map((item) => item.bytes)).toString(), input);
});

test('a message that cannot be parsed is reported in its item; the others are kept', (t) => {
  const batch = splitHl7v2Batch(`BHS|^~\\&\rMSH|^~\\&|A\rPID|1\rMSH|^~\\&|B|||||||||||||||ISO IR87\rMSH|^~\\&|C\rBTS|3\r`);
  t.is(batch.items.length, 3);
  t.is(batch.items[0].message?.get('MSH-3'), 'A');
  t.true(batch.items[1].error instanceof Hl7v2ParseError);
  t.regex(batch.items[1].error?.message ?? '', /MSH-18/);
  t.is(batch.items[2].message?.get('MSH-3'), 'C');
});

test('segments outside any message, or a missing header, are parse errors', (t) => {
  t.throws(() => splitHl7v2Batch('BHS|^~\\&\rPID|1\rMSH|^~\\&|A\r'), { instanceOf: Hl7v2ParseError, message: /PID segment outside any message/ });
  t.throws(() => splitHl7v2Batch('MSH|^~\\&|A\rBTS|1\rPID|1\r'), { instanceOf: Hl7v2ParseError, message: /outside any message/ });
  t.throws(() => splitHl7v2Batch('PID|1\r'), { instanceOf: Hl7v2ParseError, message: /must start with an MSH segment/ });
  t.throws(() => splitHl7v2Batch('FHS|^~\\\r'), { instanceOf: Hl7v2ParseError, message: /FHS-2/ });
});
