import test from 'ava';
import { DEFAULT_DELIMITERS } from '../../../transforms/hl7v2/hl7v2-delimiters.ts';
import { decodeHl7v2Escapes, encodeHl7v2Escapes } from '../../../transforms/hl7v2/hl7v2-escape.ts';

const d = DEFAULT_DELIMITERS;
const decode = (text: string) => decodeHl7v2Escapes(text, d, 'utf8');

test('delimiter escapes are decoded', (t) => {
  t.is(decode('a\\F\\b\\S\\c\\T\\d\\R\\e\\E\\f'), 'a|b^c&d~e\\f');
  t.is(decode('no escapes'), 'no escapes');
  t.is(decode('line\\.br\\next'), 'line\nnext');
});

test('hexadecimal data is decoded in the message\'s character set', (t) => {
  t.is(decode('\\X41\\\\X42\\'), 'AB');
  t.is(decode('caf\\XC3A9\\'), 'café');
  t.is(decodeHl7v2Escapes('caf\\XE9\\', d, 'latin1'), 'café');
});

test('formatting and character-set escapes are kept verbatim, whole', (t) => {
  for (const kept of ['\\H\\bold\\N\\', '\\C2842\\', '\\M2442\\', '\\Zlocal\\', '\\.sp2\\', '\\.in+4\\', '\\.fi\\']) t.is(decode(kept), kept);
  t.is(decode('\\H\\F\\N\\'), '\\H\\F\\N\\');
});

test('what is not an escape sequence stays as it is', (t) => {
  t.is(decode('a\\b'), 'a\\b');
  t.is(decode('BSV 4\\5 re.'), 'BSV 4\\5 re.');
  t.is(decode('4\\5 re\\F\\'), '4\\5 re|');
  t.is(decode('\\X4\\'), '\\X4\\');
  t.is(decode('\\\\\\'), '\\\\\\');
  t.is(decode('\\P\\'), '\\P\\');
  t.is(decodeHl7v2Escapes('\\P\\', { ...d, truncation: '#' }, 'utf8'), '#');
});

test('encoding escapes every delimiter and line break, and decoding gives the value back', (t) => {
  t.is(encodeHl7v2Escapes('a|b^c&d~e\\f', d), 'a\\F\\b\\S\\c\\T\\d\\R\\e\\E\\f');
  t.is(encodeHl7v2Escapes('one\r\ntwo', d), 'one\\X0D\\\\.br\\two');
  t.is(encodeHl7v2Escapes('plain', d), 'plain');
  const odd = { field: '#', component: ']', repetition: '-', escape: '^', subcomponent: '\\', truncation: '[' };
  let seed = 7;
  const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  const alphabet = 'ab|^&~\\#]-[\r\n é李\\XF\\H';
  for (const delimiters of [d, odd]) {
    for (let i = 0; i < 500; i++) {
      const value = Array.from({ length: Math.floor(random() * 20) }, () => alphabet[Math.floor(random() * alphabet.length)]).join('');
      const encoded = encodeHl7v2Escapes(value, delimiters);
      t.false(/[\r\n]/.test(encoded));
      t.is(decodeHl7v2Escapes(encoded, delimiters, 'utf8'), value, JSON.stringify(value));
    }
  }
});
