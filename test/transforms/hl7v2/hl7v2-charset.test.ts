import test from 'ava';
import { isEncodable, resolveHl7v2Encoding } from '../../../transforms/hl7v2/hl7v2-charset.ts';

const ascii = Buffer.from('plain');
const utf8 = Buffer.from('Muñoz', 'utf8');
const latin1 = Buffer.from('Mu\xf1oz', 'latin1');

test('declared character sets decide the encoding', (t) => {
  t.is(resolveHl7v2Encoding('8859/1', '~', utf8, false), 'latin1');
  t.is(resolveHl7v2Encoding('UNICODE UTF-8', '~', latin1, false), 'utf8');
  t.is(resolveHl7v2Encoding(' unicode utf-8 ', '~', ascii, false), 'utf8');
  t.is(resolveHl7v2Encoding('8859/1~ASCII', '~', ascii, false), 'latin1');
});

test('undeclared or ASCII: UTF-8 when the bytes are UTF-8 or follow a byte order mark, else ISO 8859-1', (t) => {
  t.is(resolveHl7v2Encoding('', '~', utf8, false), 'utf8');
  t.is(resolveHl7v2Encoding('ASCII', '~', latin1, false), 'latin1');
  t.is(resolveHl7v2Encoding('', '~', latin1, true), 'utf8');
  t.is(resolveHl7v2Encoding('~', '~', ascii, false), 'utf8');
});

test('other character sets are refused naming MSH-18 and the value', (t) => {
  t.deepEqual(resolveHl7v2Encoding('ISO IR87', '~', ascii, false), { unsupported: "unsupported character set in MSH-18: 'ISO IR87'; supported are ASCII, 8859/1 and UNICODE UTF-8" });
  for (const declared of ['ASCII~UNICODE', 'constructor', 'UTF-8']) {
    const result = resolveHl7v2Encoding(declared, '~', ascii, false);
    t.true(typeof result === 'object' && result.unsupported.includes(`'${declared}'`), declared);
  }
});

test('ISO 8859-1 carries only the first 256 code points', (t) => {
  t.true(isEncodable('Müller', 'latin1'));
  t.false(isEncodable('李', 'latin1'));
  t.true(isEncodable('李', 'utf8'));
});
