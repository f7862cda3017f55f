import test from 'ava';
import { formatHl7v2DateTime, parseHl7v2DateTime } from '../../../transforms/hl7v2/hl7v2-date-time.ts';

test('DTM values of every precision, with and without offset', (t) => {
  t.is(parseHl7v2DateTime('20180101000000')?.toISOString(), '2018-01-01T00:00:00.000Z');
  t.is(parseHl7v2DateTime('198908181126+0215')?.toISOString(), '1989-08-18T09:11:00.000Z');
  t.is(parseHl7v2DateTime('20210817151943.4+0200')?.toISOString(), '2021-08-17T13:19:43.400Z');
  t.is(parseHl7v2DateTime('20110531140551-0500')?.toISOString(), '2011-05-31T19:05:51.000Z');
  t.is(parseHl7v2DateTime('2024')?.toISOString(), '2024-01-01T00:00:00.000Z');
  t.is(parseHl7v2DateTime('202402')?.toISOString(), '2024-02-01T00:00:00.000Z');
  t.is(parseHl7v2DateTime(' 20240229 ')?.toISOString(), '2024-02-29T00:00:00.000Z');
});

test('malformed DTM values give undefined', (t) => {
  for (const text of ['', '2024-01-01', '20230229', '20241301', '202401011260', '20240101250000', '2024010112+02', '12', '0050', 'x2024']) {
    t.is(parseHl7v2DateTime(text), undefined, text);
  }
});

test('a Date is written as a UTC DTM with milliseconds', (t) => {
  const date = new Date('2024-05-06T07:08:09.012Z');
  t.is(formatHl7v2DateTime(date), '20240506070809.012+0000');
  t.is(parseHl7v2DateTime(formatHl7v2DateTime(date))?.getTime(), date.getTime());
});
