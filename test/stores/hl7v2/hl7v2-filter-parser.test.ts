import test, { type ExecutionContext } from 'ava';
import { ApiError } from '../../../engine/errors/api-error.ts';
import type { Hl7v2Filter } from '../../../stores/hl7v2/hl7v2-filter-ast.ts';
import { parseHl7v2Filter } from '../../../stores/hl7v2/hl7v2-filter-parser.ts';
import { seededRandom } from '../../helpers/seeded-random.ts';

const adt: Hl7v2Filter = { kind: 'text', field: 'message_type', op: '=', value: 'ADT' };
const abc: Hl7v2Filter = { kind: 'text', field: 'send_facility', op: '=', value: 'ABC' };
const high: Hl7v2Filter = { kind: 'label', key: 'priority', op: '=', value: 'high' };

function errorOf(t: ExecutionContext, filter: string): ApiError {
  return t.throws(() => parseHl7v2Filter(filter), { instanceOf: ApiError }, filter) as ApiError;
}

test('an empty or blank filter is every message', (t) => {
  t.is(parseHl7v2Filter(''), null);
  t.is(parseHl7v2Filter(' \t\n '), null);
});

test('text fields take = and !=, quoted or bare', (t) => {
  t.deepEqual(parseHl7v2Filter('message_type = "ADT"'), adt);
  t.deepEqual(parseHl7v2Filter('message_type=ADT'), adt);
  t.deepEqual(parseHl7v2Filter('send_facility = ABC'), abc);
  t.deepEqual(parseHl7v2Filter('send_facility != "A B"'), { kind: 'text', field: 'send_facility', op: '!=', value: 'A B' });
  t.deepEqual(parseHl7v2Filter('send_facility = "say \\"hi\\" \\\\"'), { kind: 'text', field: 'send_facility', op: '=', value: 'say "hi" \\' });
  t.deepEqual(parseHl7v2Filter('send_facility = "AND OR NOT ( ) = <"'), { kind: 'text', field: 'send_facility', op: '=', value: 'AND OR NOT ( ) = <' });
  t.deepEqual(parseHl7v2Filter('send_facility = ""'), { kind: 'text', field: 'send_facility', op: '=', value: '' });
});

test('dates and timestamps take every comparison', (t) => {
  for (const op of ['=', '!=', '<', '<=', '>', '>='] as const) {
    t.deepEqual(parseHl7v2Filter(`send_date ${op} "2017-01-02"`), { kind: 'date', field: 'send_date', op, value: '2017-01-02' });
    t.deepEqual(parseHl7v2Filter(`send_time${op}"2017-01-02T00:00:00-05:00"`), {
      kind: 'timestamp',
      field: 'send_time',
      op,
      value: { utc: '2017-01-02T05:00:00.000Z', exact: true },
    });
  }
  t.deepEqual(parseHl7v2Filter('sendDate < 2017-01-02'), { kind: 'date', field: 'send_date', op: '<', value: '2017-01-02' });
  t.deepEqual(parseHl7v2Filter('create_time >= 2017-01-02T00:00:00.0001Z'), {
    kind: 'timestamp',
    field: 'create_time',
    op: '>=',
    value: { utc: '2017-01-02T00:00:00.000Z', exact: false },
  });
});

test('labels: bare or quoted keys, = and !=, and :* for presence', (t) => {
  t.deepEqual(parseHl7v2Filter('labels.priority = "high"'), high);
  t.deepEqual(parseHl7v2Filter('labels."priority"=high'), high);
  t.deepEqual(parseHl7v2Filter('labels."a.b c" != "x"'), { kind: 'label', key: 'a.b c', op: '!=', value: 'x' });
  t.deepEqual(parseHl7v2Filter('labels.größe-1_x = y'), { kind: 'label', key: 'größe-1_x', op: '=', value: 'y' });
  t.deepEqual(parseHl7v2Filter('labels.priority:*'), { kind: 'hasLabel', key: 'priority' });
  t.deepEqual(parseHl7v2Filter('labels."priority" : *'), { kind: 'hasLabel', key: 'priority' });
});

test('PatientId takes a value and a type', (t) => {
  t.deepEqual(parseHl7v2Filter('PatientId("123456", "MRN")'), { kind: 'patientId', value: '123456', type: 'MRN' });
  t.deepEqual(parseHl7v2Filter('PatientId ( 123456 ,MRN )'), { kind: 'patientId', value: '123456', type: 'MRN' });
  t.deepEqual(parseHl7v2Filter('PatientId("a,b", "")'), { kind: 'patientId', value: 'a,b', type: '' });
});

test('OR binds tighter than AND; side by side is AND (AIP-160)', (t) => {
  t.deepEqual(parseHl7v2Filter('message_type = ADT AND send_facility = ABC OR labels.priority = high'), {
    kind: 'and',
    operands: [adt, { kind: 'or', operands: [abc, high] }],
  });
  t.deepEqual(parseHl7v2Filter('message_type = ADT send_facility = ABC OR labels.priority = high'), {
    kind: 'and',
    operands: [adt, { kind: 'or', operands: [abc, high] }],
  });
  t.deepEqual(parseHl7v2Filter('message_type = ADT OR send_facility = ABC labels.priority = high'), {
    kind: 'and',
    operands: [{ kind: 'or', operands: [adt, abc] }, high],
  });
  t.deepEqual(parseHl7v2Filter('message_type = ADT send_facility = ABC AND labels.priority = high'), {
    kind: 'and',
    operands: [{ kind: 'and', operands: [adt, abc] }, high],
  });
});

test('NOT and - negate one term; parentheses group', (t) => {
  t.deepEqual(parseHl7v2Filter('NOT message_type = ADT OR send_facility = ABC'), {
    kind: 'or',
    operands: [{ kind: 'not', operand: adt }, abc],
  });
  t.deepEqual(parseHl7v2Filter('-message_type = ADT -labels.priority:*'), {
    kind: 'and',
    operands: [
      { kind: 'not', operand: adt },
      { kind: 'not', operand: { kind: 'hasLabel', key: 'priority' } },
    ],
  });
  t.deepEqual(parseHl7v2Filter('NOT (message_type = ADT AND send_facility = ABC) OR labels.priority = high'), {
    kind: 'or',
    operands: [{ kind: 'not', operand: { kind: 'and', operands: [adt, abc] } }, high],
  });
  t.deepEqual(parseHl7v2Filter('NOT(NOT message_type = ADT)'), { kind: 'not', operand: { kind: 'not', operand: adt } });
  t.deepEqual(parseHl7v2Filter('((message_type = ADT))'), adt);
  t.deepEqual(parseHl7v2Filter('-(message_type=ADT)'), { kind: 'not', operand: adt });
});

test('errors name the 1-based position and what was expected', (t) => {
  const cases: [string, string][] = [
    ['message_type =', "invalid filter at position 15: expected a value after '=', found the end of the filter"],
    ['message_type = AND x = 1', "invalid filter at position 16: expected a value after '=', found 'AND'"],
    ['message_type == ADT', "invalid filter at position 15: expected a value after '=', found '='"],
    ['message_type = "ADT', 'invalid filter at position 16: unterminated string'],
    ['message_type = "A\\nB"', "invalid filter at position 18: unknown escape '\\n' in a string; only \\\" and \\\\ are escapes"],
    ['(message_type = ADT', "invalid filter at position 20: expected ')' to close the '(' at position 1, found the end of the filter"],
    ['message_type = ADT)', "invalid filter at position 19: ')' without a matching '('"],
    ['message_type = ADT "x"', `invalid filter at position 20: expected AND, OR or the end of the filter, found '"x"'`],
    ['message_type = ADT AND', "invalid filter at position 23: expected a field, PatientId(...) or '(', found the end of the filter"],
    ['message_type = ADT OR OR', "invalid filter at position 23: expected a field, PatientId(...) or '(', found 'OR'"],
    ['NOT', "invalid filter at position 4: expected a field, PatientId(...) or '(', found the end of the filter"],
    ['- message_type = ADT', "invalid filter at position 2: expected a restriction or '(' right after '-'"],
    ['"ADT"', `invalid filter at position 1: expected a field, PatientId(...) or '(', found '"ADT"'`],
    ['message_type = ADT garbage', `invalid filter at position 20: unknown field 'garbage'; fields are message_type, send_date, send_time, create_time, send_facility, labels.<key> and PatientId("value", "type")`],
    ['message_type.x = ADT', `invalid filter at position 1: unknown field 'message_type.x'; fields are message_type, send_date, send_time, create_time, send_facility, labels.<key> and PatientId("value", "type")`],
    ['message_type', "invalid filter at position 13: expected an operator (=, !=, <, <=, >, >= or :) after 'message_type', found the end of the filter"],
    ['message_type < "ADT"', "invalid filter at position 14: '<' compares dates and times; message_type takes = or !="],
    ['send_time:*', "invalid filter at position 10: ':' (has) applies to labels only, as in labels.key:*"],
    ['send_date = "2017-02-30"', "invalid filter at position 13: send_date takes a date written YYYY-MM-DD, such as \"2017-01-02\", found '2017-02-30'"],
    ['send_time < "2017-01-02"', `invalid filter at position 13: send_time takes an RFC 3339 timestamp such as "2017-01-02T00:00:00-05:00", found '2017-01-02'`],
    ['labels.x:y', "invalid filter at position 10: after 'labels.x:' only * (the label is present) is allowed"],
    ['labels.x:"*"', "invalid filter at position 10: after 'labels.x:' only * (the label is present) is allowed"],
    ['labels.x > 1', "invalid filter at position 10: '>' compares dates and times; labels take =, != or :*"],
    ['labels. = 1', "invalid filter at position 8: expected a label key after 'labels.'"],
    ['labels."" = 1', "invalid filter at position 8: expected a label key after 'labels.'"],
    ['PatientId', `invalid filter at position 10: expected '(' after PatientId; PatientId takes two arguments: PatientId("value", "type")`],
    ['PatientId("1")', `invalid filter at position 14: expected ',' after the first argument; PatientId takes two arguments: PatientId("value", "type")`],
    ['PatientId("1", "MRN", "x")', `invalid filter at position 21: expected ')' after the second argument; PatientId takes two arguments: PatientId("value", "type")`],
    ['PatientId(, "MRN")', `invalid filter at position 11: expected a value, found ','; PatientId takes two arguments: PatientId("value", "type")`],
  ];
  for (const [filter, message] of cases) {
    const error = errorOf(t, filter);
    t.is(error.code, 'INVALID_ARGUMENT', filter);
    t.is(error.message, message, filter);
  }
});

test('the error details carry a caret under the position', (t) => {
  const error = errorOf(t, 'message_type = ADT AND send_date < "2017-13-01"');
  const [detail] = error.details as { '@type': string; fieldViolations: { field: string; description: string }[] }[];
  t.is(detail['@type'], 'type.googleapis.com/google.rpc.BadRequest');
  t.is(detail.fieldViolations[0].field, 'filter');
  t.is(detail.fieldViolations[0].description, [
    `invalid filter at position 36: send_date takes a date written YYYY-MM-DD, such as "2017-01-02", found '2017-13-01'`,
    '…ge_type = ADT AND send_date < "2017-13-01"',
    '                               ^',
  ].join('\n'));
});

test('size, nesting and term count are bounded', (t) => {
  const long = `send_facility = "${'x'.repeat(4096)}"`;
  t.is(errorOf(t, long).message, 'invalid filter: longer than 4096 bytes');
  t.is(errorOf(t, `send_facility = "${'é'.repeat(2040)}"`).message, 'invalid filter: longer than 4096 bytes');
  t.truthy(parseHl7v2Filter(`${'('.repeat(31)}message_type = ADT${')'.repeat(31)}`));
  t.is(errorOf(t, `${'('.repeat(40)}message_type = ADT${')'.repeat(40)}`).message, 'invalid filter at position 33: nested deeper than 32 levels');
  t.is(errorOf(t, `${'NOT '.repeat(40)}message_type = ADT`).message, 'invalid filter at position 129: nested deeper than 32 levels');
  t.is(errorOf(t, `${'-'.repeat(40)}message_type = ADT`).message, 'invalid filter at position 33: nested deeper than 32 levels');
  const terms = (n: number) => Array.from({ length: n }, (_, i) => `labels.k${i}:*`).join(' OR ');
  t.truthy(parseHl7v2Filter(terms(100)));
  t.regex(errorOf(t, terms(101)).message, /^invalid filter at position \d+: more than 100 restrictions$/);
});

test('NUL characters and lone surrogates are refused', (t) => {
  t.is(errorOf(t, 'send_facility = "a\u0000b"').message, 'invalid filter at position 19: NUL characters are not allowed');
  t.is(errorOf(t, 'send_facility = "a\ud800b"').message, 'invalid filter at position 19: a lone UTF-16 surrogate is not text');
  t.deepEqual(parseHl7v2Filter('send_facility = "a😀b"'), { kind: 'text', field: 'send_facility', op: '=', value: 'a😀b' });
});


const PIECES = [
  'message_type', 'send_date', 'sendDate', 'send_time', 'create_time', 'send_facility', 'labels', 'labels.', 'PatientId', 'AND', 'OR',
  'NOT', '-', '(', ')', '"', '\\', '=', '!=', '<', '<=', '>', '>=', ':', '*', ',', '.', ' ', '  ', '"ADT"', 'ADT', '2017-01-02',
  '"2017-01-02T00:00:00-05:00"', '2017-01-02T00:00:00Z', '"x\\"y"', '\t', '\n', 'é', '😀', '\ud800', '\u0000', '9999-12-31T23:59:59-01:00',
];

const VALID = [
  'message_type = "ADT" AND NOT (send_time < "2017-01-02T00:00:00-05:00" OR labels.priority:*)',
  'PatientId("123456", "MRN") -labels."a b" = y send_date >= 2017-01-01',
  'sendDate = 2017-01-02 OR create_time > 2017-01-02T00:00:00.123456Z send_facility != "x\\"y"',
];

/** Random runs of filter pieces and other characters, and valid filters with a few characters changed. */
function garbage(next: () => number, i: number): string {
  const pick = <T>(items: T[]): T => items[Math.floor(next() * items.length)];
  if (i % 2 === 0) {
    let text = '';
    for (let j = Math.floor(next() * 12); j > 0; j--) text += next() < 0.8 ? pick(PIECES) : String.fromCharCode(Math.floor(next() * 0x3000));
    return text;
  }
  let text = pick(VALID);
  for (let j = 1 + Math.floor(next() * 3); j > 0; j--) {
    const at = Math.floor(next() * (text.length + 1));
    const cut = next() < 0.5 ? 1 + Math.floor(next() * 4) : 0;
    text = text.slice(0, at) + (next() < 0.7 ? pick(PIECES) : '') + text.slice(at + cut);
  }
  return text;
}

test('random garbage never throws anything but INVALID_ARGUMENT', (t) => {
  const next = seededRandom(160);
  let parsed = 0;
  let refused = 0;
  for (let i = 0; i < 20000; i++) {
    const text = garbage(next, i);
    try {
      parseHl7v2Filter(text);
      parsed++;
    } catch (error) {
      refused++;
      if (!(error instanceof ApiError) || error.code !== 'INVALID_ARGUMENT' || !error.message.startsWith('invalid filter')) {
        t.fail(`${JSON.stringify(text)} threw ${String(error)}`);
        return;
      }
    }
  }
  t.true(parsed > 1000 && refused > 1000, `${parsed} parsed, ${refused} refused`);
});
