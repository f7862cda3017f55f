import test from 'ava';
import type { FilterCondition } from '../../../engine/channels/stage.ts';
import { runStages } from '../../../engine/channels/run-stages.ts';
import { filterStage } from '../../../transforms/stages/filter-stage.ts';
import { parseStage } from '../../../transforms/stages/parse-stage.ts';
import { ADT_A01, envelopeOf } from './stage-kit.ts';

const parse = parseStage({ kind: 'parse', format: 'hl7v2' }, { label: 'stages[0].parse' });
const filter = (condition: FilterCondition) => filterStage({ kind: 'filter', condition }, { label: 'stages[1].filter' });
const statusOf = async (condition: FilterCondition, text = ADT_A01) => (await runStages([parse, filter(condition)], envelopeOf(text))).status;

test('messageType matches code^trigger, or the code alone', async (t) => {
  t.is(await statusOf({ kind: 'messageType', types: ['ADT^A01'] }), 'TRANSFORMED');
  t.is(await statusOf({ kind: 'messageType', types: ['ADT'] }), 'TRANSFORMED');
  t.is(await statusOf({ kind: 'messageType', types: ['ADT^A08', 'ORU^R01'] }), 'FILTERED');
  t.is(await statusOf({ kind: 'messageType', types: ['ADT^A0'] }), 'FILTERED');
});

test('equals, matches and in read decoded field values by path, repetitions included', async (t) => {
  t.is(await statusOf({ kind: 'equals', field: 'PID-3.1', value: '123' }), 'TRANSFORMED');
  t.is(await statusOf({ kind: 'equals', field: 'PID-3[2].1', value: '456' }), 'TRANSFORMED');
  t.is(await statusOf({ kind: 'equals', field: 'PID-3.1', value: '456' }), 'FILTERED');
  t.is(await statusOf({ kind: 'matches', field: 'MSH-4', pattern: '^HOSP_' }), 'TRANSFORMED');
  t.is(await statusOf({ kind: 'matches', field: 'MSH-4', pattern: '^CLINIC' }), 'FILTERED');
  t.is(await statusOf({ kind: 'in', field: 'PV1-2', values: ['I', 'O'] }), 'TRANSFORMED');
  t.is(await statusOf({ kind: 'in', field: 'PV1-2', values: ['E'] }), 'FILTERED');
});

test('an absent field reads as empty', async (t) => {
  t.is(await statusOf({ kind: 'equals', field: 'ZZZ-1', value: '' }), 'TRANSFORMED');
  t.is(await statusOf({ kind: 'in', field: 'PV1-44', values: ['x'] }), 'FILTERED');
});

test('all, any and not combine conditions', async (t) => {
  const adt: FilterCondition = { kind: 'messageType', types: ['ADT'] };
  const eu: FilterCondition = { kind: 'matches', field: 'MSH-4', pattern: '_EU$' };
  const test1: FilterCondition = { kind: 'equals', field: 'MSH-11', value: 'T' };
  t.is(await statusOf({ kind: 'all', conditions: [adt, eu] }), 'TRANSFORMED');
  t.is(await statusOf({ kind: 'all', conditions: [adt, test1] }), 'FILTERED');
  t.is(await statusOf({ kind: 'any', conditions: [test1, eu] }), 'TRANSFORMED');
  t.is(await statusOf({ kind: 'not', condition: test1 }), 'TRANSFORMED');
  t.is(await statusOf({ kind: 'not', condition: { kind: 'any', conditions: [adt, test1] } }), 'FILTERED');
});

test('a filtered message says which filter stopped it and why', async (t) => {
  const envelope = await runStages([parse, filter({ kind: 'all', conditions: [{ kind: 'messageType', types: ['ORU^R01'] }, { kind: 'not', condition: { kind: 'equals', field: 'MSH-4', value: 'X' } }] })], envelopeOf(ADT_A01));
  t.is(envelope.status, 'FILTERED');
  t.is(envelope.filteredBy, 'stages[1].filter: (message type in [ORU^R01]) and (not (MSH-4 = "X"))');
});

test('without a parse stage before it, the filter marks the message ERROR instead of guessing', async (t) => {
  const envelope = await runStages([filter({ kind: 'messageType', types: ['ADT'] })], envelopeOf(ADT_A01));
  t.is(envelope.status, 'ERROR');
  t.is(envelope.error?.stage, 'stages[1].filter');
});
