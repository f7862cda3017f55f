import test from 'ava';
import type { FilterCondition } from '../../config/channel-config.ts';
import { loadChannelConfig } from '../../config/load-channel-config.ts';
import { channelIssuesOf, CONTEXT, described, MINIMAL, writeChannel } from './channel-fixture.ts';

/** A channel whose only filter (line 9, after a parse stage on line 8) holds `condition`. */
const withFilter = (condition: string): string => `${MINIMAL}stages:\n  - parse: hl7v2\n  - filter: ${condition}\n`;
const conditionOf = (condition: string): FilterCondition => {
  const stage = loadChannelConfig(writeChannel(withFilter(condition)), CONTEXT).stages[1];
  if (stage.kind !== 'filter') throw new Error('expected a filter stage');
  return stage.condition;
};

test('each condition form is read', (t) => {
  t.deepEqual(conditionOf('{messageType: [ADT^A01, ORU]}'), { kind: 'messageType', types: ['ADT^A01', 'ORU'] });
  t.deepEqual(conditionOf('{field: "PID-3[2].1", equals: ""}'), { kind: 'equals', field: 'PID-3[2].1', value: '' });
  t.deepEqual(conditionOf('{field: MSH-9.2, matches: "^A0[14]$"}'), { kind: 'matches', field: 'MSH-9.2', pattern: '^A0[14]$' });
  t.deepEqual(conditionOf('{field: PID-5.1.2, in: ["1", I]}'), { kind: 'in', field: 'PID-5.1.2', values: ['1', 'I'] });
  t.deepEqual(conditionOf('{all: [{not: {messageType: [ACK]}}, {any: [{field: PV1-2, equals: I}]}]}'), {
    kind: 'all',
    conditions: [
      { kind: 'not', condition: { kind: 'messageType', types: ['ACK'] } },
      { kind: 'any', conditions: [{ kind: 'equals', field: 'PV1-2', value: 'I' }] },
    ],
  });
});

test('every problem of a nested condition is reported at its own key and line', (t) => {
  const issues = channelIssuesOf(`${MINIMAL}stages:
  - parse: hl7v2
  - filter:
      any:
        - messageType: [adt, ORU^R01^ORU_R01]
        - not:
            field: pid-3
            equals: 123
        - all: []
        - field: MSH-4
          matches: "(unclosed"
        - field: PV1-2
          in: []
        - feild: PID-3
        - not: {messageType: ADT}
`);
  t.deepEqual(described(issues), [
    ['stages[1].filter.any[0].messageType[0]', 11, 'must be a message type such as ADT or ADT^A01 (got "adt")'],
    ['stages[1].filter.any[0].messageType[1]', 11, 'must be a message type such as ADT or ADT^A01 (got "ORU^R01^ORU_R01")'],
    [
      'stages[1].filter.any[1].not.field',
      13,
      'must be a field path SEG-FIELD[REPETITION].COMPONENT.SUBCOMPONENT, such as PID-3.1, PID-3[2].1 or MSH-9.2: ' +
        'a segment ID of 3 upper-case letters or digits starting with a letter, then numbers from 1 (got "pid-3")',
    ],
    ['stages[1].filter.any[1].not.equals', 14, 'must be a string; quote values such as "123" so YAML keeps them as written (got 123)'],
    ['stages[1].filter.any[2].all', 15, 'must be a list of one or more conditions'],
    ['stages[1].filter.any[3].matches', 17, 'must be a regular expression: Invalid regular expression: /(unclosed/: Unterminated group'],
    ['stages[1].filter.any[4].in', 19, 'must be a list of one or more strings'],
    ['stages[1].filter.any[5].feild', 20, 'unknown condition kind; known kinds: messageType, field, all, any, not'],
    ['stages[1].filter.any[6].not.messageType', 21, 'must be a list of one or more strings'],
  ]);
});

test('a field takes exactly one of equals, matches and in; they go with field only', (t) => {
  t.deepEqual(described(channelIssuesOf(withFilter('{field: PID-3}'))), [['stages[1].filter', 9, 'takes one of equals, matches, in beside field']]);
  t.deepEqual(described(channelIssuesOf(withFilter('{field: PID-3, equals: a, in: [a]}'))), [
    ['stages[1].filter', 9, 'takes one of equals, matches, in beside field, not equals and in'],
  ]);
  t.deepEqual(described(channelIssuesOf(withFilter('{messageType: [ADT], equals: a}'))), [['stages[1].filter.equals', 9, 'goes with field, not with messageType']]);
  t.deepEqual(described(channelIssuesOf(withFilter('{equals: a}'))), [['stages[1].filter', 9, 'must have one of the keys messageType, field, all, any, not']]);
  t.deepEqual(described(channelIssuesOf(withFilter('{messageType: [ADT], not: {messageType: [ORU]}}'))), [
    ['stages[1].filter', 9, 'must have only one of the keys messageType, field, all, any, not, not messageType and not'],
  ]);
  t.deepEqual(described(channelIssuesOf(withFilter('{field: PID-3, in: [A, 1]}'))), [
    ['stages[1].filter.in[1]', 9, 'must be a string; quote values such as "123" so YAML keeps them as written (got 1)'],
  ]);
});

test('field paths: SEG-FIELD with an optional repetition, component and subcomponent', (t) => {
  for (const field of ['PID-3', 'PID-3.1', 'PID-3[2].1', 'MSH-9.2', 'ZP1-12.3.4', 'OBX-5[10]']) t.like(conditionOf(`{field: "${field}", equals: x}`), { field });
  for (const field of ['PID', 'PID-0', 'PID-3.0', 'PID-3[0]', 'PID-3.1.2.3', 'OBX[2]-5', 'PI-3', 'PIDX-3', '1ID-3', 'PID-3[2]x', 'PID-12345']) {
    t.deepEqual(channelIssuesOf(withFilter(`{field: "${field}", equals: x}`)).map((i) => i.key), ['stages[1].filter.field'], field);
  }
});

test('conditions nest 16 levels at most, which also stops a condition that contains itself', (t) => {
  const deep = (levels: number): string => `${'{not: '.repeat(levels - 1)}{messageType: [ADT]}${'}'.repeat(levels - 1)}`;
  t.like(conditionOf(deep(16)), { kind: 'not' });
  const tooDeep = channelIssuesOf(withFilter(deep(17)));
  t.deepEqual(tooDeep.map((i) => [i.key, i.message]), [[`stages[1].filter${'.not'.repeat(16)}`, 'conditions may nest 16 levels deep at most']]);
  const cycle = channelIssuesOf(withFilter('&loop {not: *loop}'));
  t.is(cycle.length, 1);
  t.is(cycle[0].message, 'conditions may nest 16 levels deep at most');
});
