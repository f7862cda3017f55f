import test from 'ava';
import { toDateRange } from '../../../../stores/fhir/search/fhir-date-range.ts';

const iso = (ms: number) => new Date(ms).toISOString();

test('a partial date covers its whole year, month or day', (t) => {
  const year = toDateRange('2024')!;
  t.is(iso(year.low), '2024-01-01T00:00:00.000Z');
  t.is(iso(year.high), '2024-12-31T23:59:59.999Z');
  const month = toDateRange('2024-02')!;
  t.is(iso(month.high), '2024-02-29T23:59:59.999Z');
  const day = toDateRange('2024-03-05')!;
  t.is(iso(day.low), '2024-03-05T00:00:00.000Z');
  t.is(iso(day.high), '2024-03-05T23:59:59.999Z');
});

test('a dateTime with a zone is moved to UTC and covers its precision', (t) => {
  const second = toDateRange('2024-03-05T10:00:00+02:00')!;
  t.is(iso(second.low), '2024-03-05T08:00:00.000Z');
  t.is(iso(second.high), '2024-03-05T08:00:00.999Z');
  const precise = toDateRange('2024-03-05T10:00:00.123Z')!;
  t.is(precise.low, precise.high);
});

test('years below 100 are not read as 19xx', (t) => {
  t.is(new Date(toDateRange('0050')!.low).getUTCFullYear(), 50);
});

test('what is not a FHIR date gives null', (t) => {
  for (const value of ['', 'yesterday', '2024-13', '2024-02-30', '2024-01-01T25:00:00Z', '20240101', '2024-1-1']) t.is(toDateRange(value), null, value);
});
