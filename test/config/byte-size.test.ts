import test from 'ava';
import { parseByteSize } from '../../config/byte-size.ts';

test('numbers are bytes; units are binary and case-insensitive', (t) => {
  t.is(parseByteSize(512), 512);
  t.is(parseByteSize('512'), 512);
  t.is(parseByteSize('10MB'), 10 * 1024 ** 2);
  t.is(parseByteSize('10 mb'), 10 * 1024 ** 2);
  t.is(parseByteSize('2GB'), 2 * 1024 ** 3);
  t.is(parseByteSize('1.5 GiB'), 1.5 * 1024 ** 3);
  t.is(parseByteSize('64kB'), 64 * 1024);
  t.is(parseByteSize('1TB'), 1024 ** 4);
});

test('anything else is null', (t) => {
  for (const value of ['10XB', 'MB', '-1', '1.5', '0.1KB', '', 'ten', null, true, 1.5, -3, {}]) {
    t.is(parseByteSize(value), null, String(value));
  }
});
