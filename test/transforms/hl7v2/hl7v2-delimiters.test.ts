import test from 'ava';
import { DEFAULT_DELIMITERS, encodingCharactersOf, isDelimiterByte, readDelimiters } from '../../../transforms/hl7v2/hl7v2-delimiters.ts';

test('MSH-1 and MSH-2 give the delimiters, with the truncation character when declared', (t) => {
  t.deepEqual(readDelimiters(Buffer.from('MSH|^~\\&|A'), 0), DEFAULT_DELIMITERS);
  t.deepEqual(readDelimiters(Buffer.from('xxMSH|^~\\&#|A'), 2), { ...DEFAULT_DELIMITERS, truncation: '#' });
  t.deepEqual(readDelimiters(Buffer.from('FHS#!@%$'), 0), { field: '#', component: '!', repetition: '@', escape: '%', subcomponent: '$' });
  t.deepEqual(readDelimiters(Buffer.from('MSH|^~\\&\rPID|'), 0), DEFAULT_DELIMITERS);
  t.is(encodingCharactersOf({ ...DEFAULT_DELIMITERS, truncation: '#' }), '^~\\&#');
});

test('illegal sets are explained', (t) => {
  t.regex(readDelimiters(Buffer.from('MSH'), 0) as string, /MSH-1.*end of the input/);
  t.regex(readDelimiters(Buffer.from('MSHA^~\\&'), 0) as string, /MSH-1.*'A'/);
  t.regex(readDelimiters(Buffer.from('MSH\t^~\\&'), 0) as string, /MSH-1.*byte 0x09/);
  t.regex(readDelimiters(Buffer.from('MSH|^~\\|'), 0) as string, /MSH-2.*found 3/);
  t.regex(readDelimiters(Buffer.from('MSH|^~\\&#$|'), 0) as string, /MSH-2.*found 6/);
  t.regex(readDelimiters(Buffer.from('MSH|^~\\^|'), 0) as string, /distinct.*'\^'/);
  t.regex(readDelimiters(Buffer.from('MSH|^~\\a|'), 0) as string, /distinct.*'a'/);
  t.true(isDelimiterByte(0x7c));
  t.false(isDelimiterByte(0x20));
  t.false(isDelimiterByte(0x30));
});

test('a set read again is the same frozen object', (t) => {
  const first = readDelimiters(Buffer.from('MSH|^~\\&|A'), 0);
  t.is(readDelimiters(Buffer.from('MSH|^~\\&|B'), 0), first);
  t.true(Object.isFrozen(first));
});
