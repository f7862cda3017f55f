import test from 'ava';
import { readAckFields, readMessageControlId, type AckCode } from '../../../connectors/mllp/read-ack-fields.ts';

const bytes = (text: string) => Buffer.from(text, 'latin1');

test('every MSA-1 code is read, with MSA-2', (t) => {
  for (const code of ['AA', 'AE', 'AR', 'CA', 'CE', 'CR'] as AckCode[]) {
    t.deepEqual(readAckFields(bytes(`MSH|^~\\&|R|RF|S|SF|20240101||ACK^A01^ACK|1|P|2.5\rMSA|${code}|MSG1\r`)), { code, controlId: 'MSG1' });
  }
});

test('separators come from MSH-1 and MSH-2, terminators may be LF or CRLF', (t) => {
  t.deepEqual(readAckFields(bytes('MSH#$~\\&#R#RF#S#SF#20240101##ACK#1#P#2.3\nMSA#AE#MSG1$x#bad')), { code: 'AE', controlId: 'MSG1' });
  t.deepEqual(readAckFields(bytes('MSH|^~\\&|R\r\nMSA|CA\r\n')), { code: 'CA', controlId: '' });
});

test('a component after the code and a UTF-8 byte order mark are tolerated', (t) => {
  t.like(readAckFields(Buffer.from('\ufeffMSH|^~\\&|R\rMSA|AR^x|MSG1', 'utf8')), { code: 'AR' });
});

test('anything else is not an ACK', (t) => {
  for (const text of ['', 'MSH|^~\\&|R\rPID|1', 'MSH|^~\\&|R\rMSA|ZZ|MSG1', 'MSH|^~\\&|R\rMSA||MSG1', 'PID|1\rMSA|AA|1', 'MSH|^~\\&|R|MSA|AA|1']) {
    t.is(readAckFields(bytes(text)), null, JSON.stringify(text));
  }
});

test('MSH-10 of a message', (t) => {
  t.is(readMessageControlId(bytes('MSH|^~\\&|S|SF|R|RF|20240101||ADT^A01|CTRL-9|P|2.5\nPID|1')), 'CTRL-9');
  t.is(readMessageControlId(Buffer.from('\ufeffMSH|^~\\&|S|SF|R|RF|20240101||ADT^A01|BOM-1|P|2.5', 'utf8')), 'BOM-1');
  t.is(readMessageControlId(bytes('MSH|^~\\&|S|SF')), null);
  t.is(readMessageControlId(bytes('PID|1')), null);
});
