import test from 'ava';
import { parseHl7v2Message } from '../../../transforms/hl7v2/parse-hl7v2-message.ts';
import { googleFieldsOf, toGoogleParsedData } from '../../../transforms/hl7v2/to-google-parsed-data.ts';
import { readFixture } from './hl7v2-fixtures.ts';

test('Google\'s documented example message gives Google\'s documented parsedData', (t) => {
  const message = parseHl7v2Message('MSH|^~\\&|FROM_APP|FROM_FACILITY|TO_APP|TO_FACILITY|20180101000000||ADT^A01|20180101000000|P|2.5|\r'
    + 'EVN|A01|20110613083617|\r'
    + 'PID|1|843125^^^^MRN|21004053^^^^MRN~2269030303^^^^ORGNMBR||SULLY^BRIAN||19611209|M|||123 MAIN ST^^CITY^STATE^12345|\r'
    + 'PV1||I|H73 RM1^1^^HIGHWAY 01 CLINIC||||5148^MARY QUINN|||||||||Y||||||||||||||||||||||||||||20180101000000|');
  t.deepEqual(toGoogleParsedData(message), {
    segments: [
      { segmentId: 'MSH', fields: { 0: 'MSH', 1: '^~\\&', 2: 'FROM_APP', 3: 'FROM_FACILITY', 4: 'TO_APP', 5: 'TO_FACILITY', 6: '20180101000000', '8.1': 'ADT', '8.2': 'A01', 9: '20180101000000', 10: 'P', 11: '2.5' } },
      { segmentId: 'EVN', fields: { 0: 'EVN', 1: 'A01', 2: '20110613083617' } },
      {
        segmentId: 'PID',
        fields: {
          0: 'PID', 1: '1', '2.1': '843125', '2.5': 'MRN', '3[0].1': '21004053', '3[0].5': 'MRN', '3[1].1': '2269030303', '3[1].5': 'ORGNMBR',
          '5.1': 'SULLY', '5.2': 'BRIAN', 7: '19611209', 8: 'M', '11.1': '123 MAIN ST', '11.3': 'CITY', '11.4': 'STATE', '11.5': '12345',
        },
      },
      { segmentId: 'PV1', fields: { 0: 'PV1', 2: 'I', '3.1': 'H73 RM1', '3.2': '1', '3.4': 'HIGHWAY 01 CLINIC', '7.1': '5148', '7.2': 'MARY QUINN', 16: 'Y', 44: '20180101000000' } },
    ],
  });
});

test('fixture ADT-A40-01: every segment pinned', (t) => {
  t.deepEqual(toGoogleParsedData(parseHl7v2Message(readFixture('ADT-A40-01.hl7'))), {
    segments: [
      {
        segmentId: 'MSH',
        fields: {
          0: 'MSH', 1: '^~\\&', 2: 'Ntierprise', 3: 'Ntierprise Clinic', 4: 'Healthmatics EHR', 5: 'Healthmatics Clinic', 6: '20190423150137+0215',
          '8.1': 'ADT', '8.2': 'A40', '8.3': 'ADT_A40', 9: '8919-40', 10: 'P', 11: '2.8', 14: 'NE', 15: 'NE',
        },
      },
      { segmentId: 'EVN', fields: { 0: 'EVN', 1: 'A40', 2: '20190423150137+0215', 4: '01', '5.1': '13', '5.2': 'Berry' } },
      {
        segmentId: 'PID',
        fields: {
          0: 'PID', 1: '1', '3.1': '12345', '3.4': 'BCBS', '3.5': 'MR', '5.1': 'Test', '5.2': 'Test', '5.3': 'A', 7: '20180205', 8: 'F',
          '11.1': '123 Any Street', '11.3': 'Raleigh', '11.4': 'NC', '11.5': '27615',
          '13.1': '(111)111-1111', '13.3': 'PH', '13.6': '111', '13.7': '1111111', '18.1': '5027440', '18.5': 'AN',
        },
      },
      { segmentId: 'MRG', fields: { 0: 'MRG', '1.1': '56789', '1.4': 'BCBS', '1.5': 'MR' } },
    ],
  });
});

test('fixture ORU-R01-RMGEAD: the observation pinned, an empty first component left out', (t) => {
  const parsed = toGoogleParsedData(parseHl7v2Message(readFixture('ORU-R01-RMGEAD.hl7')));
  t.deepEqual(parsed.segments.map((segment) => segment.segmentId), ['MSH', 'PID', 'OBR', 'OBX']);
  t.deepEqual(parsed.segments[3].fields, {
    0: 'OBX', 1: '1', 2: 'SN', '3.1': '1554-5', '3.2': 'GLUCOSE', '3.3': 'POST 12H CFST:MCNC:PT:SER/PLAS:QN', '5.2': '182', 6: 'mg/dl', 7: '70_105', 8: 'H', 11: 'F',
  });
});

test('fixture ADT-A01-01: subcomponents, repetitions and escapes in Google\'s keys', (t) => {
  const message = parseHl7v2Message(readFixture('ADT-A01-01.hl7'));
  const pid = googleFieldsOf(message.segment('PID')!);
  t.is(pid['3[0].1'], 'PATID1234');
  t.is(pid['3[0].4.1'], 'test1');
  t.is(pid['3[0].4.2'], '2.16.1');
  t.is(pid['3[0].4.3'], 'HCD');
  t.is(pid['3[1].4'], 'USSSA');
  t.is(pid['5[0].1.1'], 'EVERYMAN');
  t.is(pid['5[0].1.5'], 'Aniston');
  t.is(pid['5[1].3'], 'stanley');
  t.false('3[0].4' in pid);
  const msh = googleFieldsOf(message.segments[0]);
  t.is(msh['8.3'], 'ADT_A01');
  t.is(msh['3.2'], '2.16.840.1.122848.1.30');
  const escaped = message.segments.flatMap((segment) => Object.values(googleFieldsOf(segment))).filter((value) => value.includes('&') && !value.includes('\\'));
  t.true(escaped.length > 0, '\\T\\ is decoded to &');
});

test('a field whose only structure is subcomponents is component 1; MSH-2 is given as sent', (t) => {
  const message = parseHl7v2Message('MSH|^~\\&#|A\rZZZ|a&b|~x^&y|\\F\\\r');
  t.deepEqual(googleFieldsOf(message.segments[0]), { 0: 'MSH', 1: '^~\\&#', 2: 'A' });
  t.deepEqual(googleFieldsOf(message.segments[1]), { 0: 'ZZZ', '1.1.1': 'a', '1.1.2': 'b', '2[1].1': 'x', '2[1].2.2': 'y', 3: '|' });
});
