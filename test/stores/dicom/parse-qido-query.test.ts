import test from 'ava';
import type { ExecutionContext } from 'ava';
import { ApiError } from '../../../engine/errors/api-error.ts';
import { parseQidoQuery, type QidoFilter } from '../../../stores/dicom/parse-qido-query.ts';
import type { QidoLevel } from '../../../stores/dicom/qido-attributes.ts';

type Query = Record<string, string | string[] | undefined>;

/** The filters without their attribute records: keyword and what is matched. */
function filters(level: QidoLevel, query: Query): Array<Record<string, unknown>> {
  return parseQidoQuery(level, {}, query).filters.map(({ attribute, ...rest }: QidoFilter) => ({ keyword: attribute.keyword, ...rest }));
}

function refused(t: ExecutionContext, level: QidoLevel, query: Query): ApiError {
  const error = t.throws(() => parseQidoQuery(level, {}, query), { instanceOf: ApiError }, JSON.stringify(query)) as ApiError;
  t.is(error.code, 'INVALID_ARGUMENT');
  t.is(error.httpStatus, 400);
  return error;
}

test('no parameters: the level’s default limit, no filters, nothing extra', (t) => {
  t.deepEqual(parseQidoQuery('study', { studyUid: undefined }, {}), {
    level: 'study',
    studyUid: undefined,
    filters: [],
    includeAll: false,
    includeTags: [],
    limit: 100,
    offset: 0,
    fuzzyAsked: false,
  });
  t.is(parseQidoQuery('series', {}, {}).limit, 100);
  t.is(parseQidoQuery('instance', {}, {}).limit, 1000);
  t.like(parseQidoQuery('instance', { studyUid: '1.2', seriesUid: '1.2.3' }, {}), { studyUid: '1.2', seriesUid: '1.2.3' });
});

test('attributes are named by keyword or by tag, in either case of hex digits', (t) => {
  const expected = [{ keyword: 'PatientID', kind: 'values', values: ['P-1'] }];
  t.deepEqual(filters('study', { PatientID: 'P-1' }), expected);
  t.deepEqual(filters('study', { '00100020': 'P-1' }), expected);
  t.deepEqual(filters('study', { '0020000d': '1.2' }), [{ keyword: 'StudyInstanceUID', kind: 'values', values: ['1.2'] }]);
});

test('UID lists split on commas and backslashes', (t) => {
  t.deepEqual(filters('study', { StudyInstanceUID: '1.2.3,1.2.4\\1.2.5' }), [{ keyword: 'StudyInstanceUID', kind: 'values', values: ['1.2.3', '1.2.4', '1.2.5'] }]);
  t.deepEqual(filters('instance', { SOPInstanceUID: '1.2,,1.3,' }), [{ keyword: 'SOPInstanceUID', kind: 'values', values: ['1.2', '1.3'] }]);
  t.deepEqual(filters('study', { ModalitiesInStudy: 'CT\\MR' }), [{ keyword: 'ModalitiesInStudy', kind: 'values', values: ['CT', 'MR'] }]);
});

test('an empty value or a lone * matches everything and adds no filter', (t) => {
  t.deepEqual(filters('study', { PatientName: '', StudyDate: '*', StudyInstanceUID: '' }), []);
});

test('wildcards make a pattern; other strings match exactly', (t) => {
  t.deepEqual(filters('study', { PatientName: 'Doe^J*', AccessionNumber: 'A?1', StudyDescription: 'Head' }), [
    { keyword: 'PatientName', kind: 'pattern', pattern: 'Doe^J*' },
    { keyword: 'AccessionNumber', kind: 'pattern', pattern: 'A?1' },
    { keyword: 'StudyDescription', kind: 'values', values: ['Head'] },
  ]);
});

test('date ranges: A-B, -B and A-; a single date matches that day', (t) => {
  t.deepEqual(filters('study', { StudyDate: '20240101-20241231' }), [{ keyword: 'StudyDate', kind: 'range', from: '20240101', to: '20241231' }]);
  t.deepEqual(filters('study', { StudyDate: '-20241231' }), [{ keyword: 'StudyDate', kind: 'range', from: null, to: '20241231' }]);
  t.deepEqual(filters('study', { PatientBirthDate: '19700101-' }), [{ keyword: 'PatientBirthDate', kind: 'range', from: '19700101', to: null }]);
  t.deepEqual(filters('study', { StudyDate: '20240229' }), [{ keyword: 'StudyDate', kind: 'values', values: ['20240229'] }]);
  t.deepEqual(filters('series', { PerformedProcedureStepStartDate: '20240101-' }), [{ keyword: 'PerformedProcedureStepStartDate', kind: 'range', from: '20240101', to: null }]);
});

test('time ranges take HH, HHMM, HHMMSS and fractions', (t) => {
  t.deepEqual(filters('study', { StudyTime: '08-1730' }), [{ keyword: 'StudyTime', kind: 'range', from: '08', to: '1730' }]);
  t.deepEqual(filters('study', { StudyTime: '101010.123456-' }), [{ keyword: 'StudyTime', kind: 'range', from: '101010.123456', to: null }]);
  t.deepEqual(filters('study', { StudyTime: '235959' }), [{ keyword: 'StudyTime', kind: 'values', values: ['235959'] }]);
});

test('a malformed date or time is a 400 naming the attribute and the value', (t) => {
  for (const value of ['2024-01-01', '2024011', '202401011', '-', 'today', '20240101-2024', '20240101--20240102']) {
    const error = refused(t, 'study', { StudyDate: value });
    t.regex(error.message, /^StudyDate takes a DA value or range \(YYYYMMDD, YYYYMMDD-YYYYMMDD, -YYYYMMDD or YYYYMMDD-\), not "/, value);
    t.true(error.message.includes(`"${value}"`), value);
  }
  t.regex(refused(t, 'study', { PatientBirthDate: '1970' }).message, /^PatientBirthDate takes a DA value/);
  for (const value of ['25:00', '1', '123', '101010.1234567', '10-11-12']) {
    t.regex(refused(t, 'study', { StudyTime: value }).message, /^StudyTime takes a TM value or range/, value);
  }
});

test('integer attributes take integers', (t) => {
  t.deepEqual(filters('series', { SeriesNumber: '-3' }), [{ keyword: 'SeriesNumber', kind: 'values', values: ['-3'] }]);
  t.deepEqual(filters('instance', { InstanceNumber: '12', Rows: '512' }), [
    { keyword: 'InstanceNumber', kind: 'values', values: ['12'] },
    { keyword: 'Rows', kind: 'values', values: ['512'] },
  ]);
  t.is(refused(t, 'series', { SeriesNumber: '1.5' }).message, 'SeriesNumber takes an integer, not "1.5"');
  t.is(refused(t, 'instance', { Rows: '1234567890' }).message, 'Rows takes an integer, not "1234567890"');
});

test('a repeated parameter: the last value counts', (t) => {
  t.deepEqual(filters('study', { PatientID: ['a', 'b'] }), [{ keyword: 'PatientID', kind: 'values', values: ['b'] }]);
  t.is(parseQidoQuery('study', {}, { limit: ['5', '7'] }).limit, 7);
  t.deepEqual(filters('study', { PatientID: undefined }), []);
});

test('includefield: all, keywords and tags, comma-separated or repeated', (t) => {
  t.like(parseQidoQuery('study', {}, { includefield: 'all' }), { includeAll: true, includeTags: [] });
  t.like(parseQidoQuery('study', {}, { includefield: 'PatientAge, 00081030,0008103e' }), { includeAll: false, includeTags: ['00101010', '00081030', '0008103E'] });
  t.like(parseQidoQuery('series', {}, { includefield: ['Modality', 'all'] }), { includeAll: true, includeTags: ['00080060'] });
  const error = refused(t, 'study', { includefield: 'PatientAge,Bogus' });
  t.is(error.message, 'includefield Bogus is neither "all" nor a DICOM attribute keyword or tag');
});

test('limit and offset: non-negative integers, limit capped at 5000, limit 0 meaning the default', (t) => {
  t.like(parseQidoQuery('study', {}, { limit: '25', offset: '50' }), { limit: 25, offset: 50 });
  t.like(parseQidoQuery('study', {}, { limit: '999999999' }), { limit: 5000 });
  t.like(parseQidoQuery('instance', {}, { limit: '0' }), { limit: 1000 });
  t.like(parseQidoQuery('study', {}, { offset: '999999999' }), { offset: 999999999 });
  t.is(refused(t, 'study', { limit: '-1' }).message, 'limit must be a non-negative integer, not "-1"');
  t.is(refused(t, 'study', { offset: '1e3' }).message, 'offset must be a non-negative integer, not "1e3"');
  t.is(refused(t, 'study', { limit: '' }).message, 'limit must be a non-negative integer, not ""');
  t.is(refused(t, 'study', { offset: '1234567890' }).message, 'offset must be a non-negative integer, not "1234567890"');
  t.is(refused(t, 'study', { limit: 'x'.repeat(100) }).message, `limit must be a non-negative integer, not "${'x'.repeat(32)}"`);
});

test('fuzzymatching is true or false', (t) => {
  t.true(parseQidoQuery('study', {}, { fuzzymatching: 'true' }).fuzzyAsked);
  t.false(parseQidoQuery('study', {}, { fuzzymatching: 'false' }).fuzzyAsked);
  t.is(refused(t, 'study', { fuzzymatching: 'yes' }).message, 'fuzzymatching must be true or false');
});

test('an unknown parameter is a 400 naming it', (t) => {
  t.is(refused(t, 'study', { PatientNmae: 'x' }).message, 'PatientNmae is neither a QIDO-RS parameter nor a DICOM attribute keyword or tag');
  t.is(refused(t, 'study', { LIMIT: '5' }).message, 'LIMIT is neither a QIDO-RS parameter nor a DICOM attribute keyword or tag');
});

test('a known attribute the level does not match on is a 400 listing what it matches on', (t) => {
  const error = refused(t, 'study', { Modality: 'CT' });
  t.regex(error.message, /^Modality is not an attribute this server matches on at the study level; it matches on StudyDate, StudyTime, /);
  t.false(error.message.includes('SOPInstanceUID'));
  t.regex(refused(t, 'study', { PatientAge: '040Y' }).message, /^PatientAge is not an attribute/);
  t.regex(refused(t, 'series', { ModalitiesInStudy: 'CT' }).message, /^ModalitiesInStudy is not an attribute this server matches on at the series level/);
  t.deepEqual(filters('instance', { NumberOfFrames: '1', StudyDate: '20240101', Modality: 'CT' }).map((filter) => filter.keyword), ['NumberOfFrames', 'StudyDate', 'Modality']);
});
