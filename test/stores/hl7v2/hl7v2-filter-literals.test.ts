import test from 'ava';
import { isFilterDate, readFilterTimestamp } from '../../../stores/hl7v2/hl7v2-filter-literals.ts';

test('timestamps with any offset become the stored UTC form', (t) => {
  t.deepEqual(readFilterTimestamp('2017-01-02T00:00:00-05:00'), { utc: '2017-01-02T05:00:00.000Z', exact: true });
  t.deepEqual(readFilterTimestamp('2017-01-02T00:00:00+05:30'), { utc: '2017-01-01T18:30:00.000Z', exact: true });
  t.deepEqual(readFilterTimestamp('2017-01-02T00:00:00Z'), { utc: '2017-01-02T00:00:00.000Z', exact: true });
  t.deepEqual(readFilterTimestamp('2017-01-02t23:59:59z'), { utc: '2017-01-02T23:59:59.000Z', exact: true });
  t.deepEqual(readFilterTimestamp('2016-12-31T23:30:00-01:00'), { utc: '2017-01-01T00:30:00.000Z', exact: true });
  t.deepEqual(readFilterTimestamp('2016-02-29T12:00:00Z'), { utc: '2016-02-29T12:00:00.000Z', exact: true });
});

test('fractions: up to nine digits, below the millisecond kept as not exact', (t) => {
  t.deepEqual(readFilterTimestamp('2017-01-02T00:00:00.5Z'), { utc: '2017-01-02T00:00:00.500Z', exact: true });
  t.deepEqual(readFilterTimestamp('2017-01-02T00:00:00.123Z'), { utc: '2017-01-02T00:00:00.123Z', exact: true });
  t.deepEqual(readFilterTimestamp('2017-01-02T00:00:00.123000000Z'), { utc: '2017-01-02T00:00:00.123Z', exact: true });
  t.deepEqual(readFilterTimestamp('2017-01-02T00:00:00.1234Z'), { utc: '2017-01-02T00:00:00.123Z', exact: false });
  t.deepEqual(readFilterTimestamp('2017-01-02T00:00:00.000000001Z'), { utc: '2017-01-02T00:00:00.000Z', exact: false });
  t.is(readFilterTimestamp('2017-01-02T00:00:00.0000000001Z'), null);
  t.is(readFilterTimestamp('2017-01-02T00:00:00.Z'), null);
});

test('years keep four digits, also below 100', (t) => {
  t.deepEqual(readFilterTimestamp('0099-03-01T00:00:00Z'), { utc: '0099-03-01T00:00:00.000Z', exact: true });
  t.deepEqual(readFilterTimestamp('0000-01-01T00:00:00Z'), { utc: '0000-01-01T00:00:00.000Z', exact: true });
  t.deepEqual(readFilterTimestamp('9999-12-31T23:59:59.999Z'), { utc: '9999-12-31T23:59:59.999Z', exact: true });
  t.is(readFilterTimestamp('9999-12-31T23:00:00-05:00'), null, 'year 10000 in UTC');
  t.is(readFilterTimestamp('0000-01-01T00:00:00+01:00'), null, 'year -1 in UTC');
});

test('what is not an RFC 3339 instant is refused', (t) => {
  for (const text of [
    '',
    '2017-01-02',
    '2017-01-02T00:00:00',
    '2017-01-02 00:00:00Z',
    '2017-1-2T00:00:00Z',
    '2017-13-02T00:00:00Z',
    '2017-02-29T00:00:00Z',
    '2017-04-31T00:00:00Z',
    '2017-01-00T00:00:00Z',
    '2017-01-02T24:00:00Z',
    '2017-01-02T00:60:00Z',
    '2017-01-02T00:00:60Z',
    '2017-01-02T00:00:00+24:00',
    '2017-01-02T00:00:00+05:60',
    '2017-01-02T00:00:00+0500',
    '2017-01-02T00:00:00ZZ',
    ' 2017-01-02T00:00:00Z',
    '２０17-01-02T00:00:00Z',
  ]) {
    t.is(readFilterTimestamp(text), null, text);
  }
});

test('dates are real calendar days written YYYY-MM-DD', (t) => {
  for (const text of ['2017-01-02', '2016-02-29', '0001-01-01', '9999-12-31']) t.true(isFilterDate(text), text);
  for (const text of ['2017-02-29', '2017-1-02', '2017-01-2', '17-01-02', '2017-01-02T00:00:00Z', '2017/01/02', '2017-00-10', '']) {
    t.false(isFilterDate(text), text);
  }
});
