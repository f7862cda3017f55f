import test from 'ava';
import { readAckCode, type AckCode } from '../../../connectors/mllp/read-ack-code.ts';

const ack = (text: string) => Buffer.from(text, 'latin1');

test('every MSA-1 code is read', (t) => {
  for (const code of ['AA', 'AE', 'AR', 'CA', 'CE', 'CR'] as AckCode[]) {
    t.is(readAckCode(ack(`MSH|^~\\&|R|RF|S|SF|20240101||ACK^A01^ACK|1|P|2.5\rMSA|${code}|MSG1\r`)), code);
  }
});

test('the field separator comes from MSH-1, terminators may be LF or CRLF', (t) => {
  t.is(readAckCode(ack('MSH#^~\\&#R#RF#S#SF#20240101##ACK#1#P#2.3\nMSA#AE#MSG1#bad')), 'AE');
  t.is(readAckCode(ack('MSH|^~\\&|R\r\nMSA|CA|MSG1\r\n')), 'CA');
});

test('a component after the code and a UTF-8 byte order mark are tolerated', (t) => {
  t.is(readAckCode(Buffer.from('\ufeffMSH|^~\\&|R\rMSA|AR^x|MSG1', 'utf8')), 'AR');
});

test('anything else is not an ACK', (t) => {
  t.is(readAckCode(ack('')), null);
  t.is(readAckCode(ack('MSH|^~\\&|R\rPID|1')), null);
  t.is(readAckCode(ack('MSH|^~\\&|R\rMSA|ZZ|MSG1')), null);
  t.is(readAckCode(ack('MSH|^~\\&|R\rMSA||MSG1')), null);
  t.is(readAckCode(ack('PID|1\rMSA|AA|1')), null);
  t.is(readAckCode(ack('MSH|^~\\&|R|MSA|AA|1')), null);
});
