import test from 'ava';
import type { Knex } from 'knex';
import { closeRegion } from '../../../engine/regions/open-region.ts';
import type { Region } from '../../../engine/regions/region.ts';
import { datasetMigrations } from '../../../stores/datasets/dataset-migrations.ts';
import { applyHl7v2Filter } from '../../../stores/hl7v2/compile-hl7v2-filter.ts';
import type { Hl7v2Filter, Hl7v2FilterOp, Hl7v2FilterTerm } from '../../../stores/hl7v2/hl7v2-filter-ast.ts';
import { hl7v2Migrations } from '../../../stores/hl7v2/hl7v2-migrations.ts';
import { parseHl7v2Filter } from '../../../stores/hl7v2/hl7v2-filter-parser.ts';
import { openTestRegion, uniqueId } from '../../helpers/test-region.ts';
import { seededRandom } from '../../helpers/seeded-random.ts';

/** One inserted message as the filter sees it; '' is an absent MSH field. */
interface Sample {
  id: number;
  messageType: string;
  sendTime: string;
  sendDate: string;
  sendFacility: string;
  createTime: string;
  labels: Record<string, string>;
  patientIds: { value: string; type: string }[];
}

const MESSAGE_COUNT = 300;
const TYPES = ['ADT', 'ORU', 'ORM', 'adt', ''];
const FACILITIES = ['ABC', 'XYZ', 'A B', 'say "hi"', ''];
const LABELS: [string, string[]][] = [['priority', ['high', 'low']], ['site', ['north', 'south', 'a b']], ['a.b c', ['x']]];
const PATIENT_TYPES = ['MRN', 'SSN', ''];

let region: Region;
let storePk: number;

test.before(async () => {
  region = await openTestRegion([...datasetMigrations, ...hl7v2Migrations]);
  storePk = await insertStore(region.db);
  const other = await insertStore(region.db);
  // The same messages in a second store: none of them may ever match a filter on the first.
  samples = await insertSamples(region.db, storePk, makeSamples());
  await insertSamples(region.db, other, makeSamples());
});

test.after.always(async () => {
  if (region) await closeRegion(region);
});

let samples: Sample[];

function makeSamples(): Omit<Sample, 'id'>[] {
  const next = seededRandom(3);
  const pick = <T>(items: T[]): T => items[Math.floor(next() * items.length)];
  return Array.from({ length: MESSAGE_COUNT }, (_, i) => {
    // Times on a few days around 2017-01-02 with some milliseconds, some of them identical.
    const millis = Date.UTC(2017, 0, 1) + Math.floor(next() * 3 * 24 * 12) * 300_000 + (i % 7 === 0 ? 123 : 0);
    const sendTime = i % 10 === 3 ? '' : new Date(millis).toISOString();
    const labels: Record<string, string> = {};
    for (const [key, values] of LABELS) if (next() < 0.5) labels[key] = pick(values);
    const patientIds = Array.from({ length: Math.floor(next() * 3) }, () => ({ value: String(100 + Math.floor(next() * 20)), type: pick(PATIENT_TYPES) }));
    return {
      messageType: pick(TYPES),
      sendTime,
      // The dataset's zone is UTC-5 here: the date is the sender's, not the UTC one.
      sendDate: sendTime === '' ? '' : new Date(millis - 5 * 3_600_000).toISOString().slice(0, 10),
      sendFacility: pick(FACILITIES),
      createTime: new Date(Date.UTC(2024, 5, 1) + i * 1000).toISOString(),
      labels,
      patientIds,
    };
  });
}

async function insertStore(db: Knex): Promise<number> {
  const now = new Date().toISOString();
  const dataset = { project: 'p', dataset_id: uniqueId('d'), time_zone: 'America/New_York', labels: '{}', create_time: now };
  const [{ id: datasetPk }] = await db('datasets').insert(dataset).returning('id');
  const store = { dataset_pk: datasetPk, project: 'p', dataset_id: dataset.dataset_id, type: 'hl7v2', store_id: 's', config: '{}', labels: '{}', create_time: now };
  const [{ id }] = await db('stores').insert(store).returning('id');
  return Number(id);
}

async function insertSamples(db: Knex, store: number, rows: Omit<Sample, 'id'>[]): Promise<Sample[]> {
  const inserted: Sample[] = [];
  for (const sample of rows) {
    const row = {
      store_pk: store,
      message_id: uniqueId('m'),
      data: Buffer.from('MSH|^~\\&|'),
      content_sha256: uniqueId('h'),
      message_type: sample.messageType,
      send_time: sample.sendTime,
      send_date: sample.sendDate,
      send_facility: sample.sendFacility,
      create_time: sample.createTime,
      labels: JSON.stringify(sample.labels),
      patient_ids: JSON.stringify(sample.patientIds),
    };
    const [{ id }] = await db('hl7v2_messages').insert(row).returning('id');
    const labels = Object.entries(sample.labels).map(([key, value]) => ({ message_pk: id, store_pk: store, key, value }));
    if (labels.length > 0) await db('hl7v2_labels').insert(labels);
    const patientIds = sample.patientIds.map(({ value, type }) => ({ message_pk: id, store_pk: store, value, type }));
    if (patientIds.length > 0) await db('hl7v2_patient_ids').insert(patientIds);
    inserted.push({ ...sample, id: Number(id) });
  }
  return inserted;
}

/** The ids the database returns for a filter on the first store. */
async function select(filterText: string, alias?: string): Promise<number[]> {
  const filter = parseHl7v2Filter(filterText);
  const table = alias ? `hl7v2_messages as ${alias}` : 'hl7v2_messages';
  const column = (name: string) => (alias ? `${alias}.${name}` : name);
  const query = region.db(table).select(column('id')).where(column('store_pk'), storePk).orderBy(column('id'));
  if (filter) applyHl7v2Filter(query, filter, storePk, alias);
  const rows = await region.read<{ id: number | string }>(query);
  return rows.map((row) => Number(row.id));
}

/** The ids the documented semantics give, evaluated in memory. */
function expected(filterText: string): number[] {
  const filter = parseHl7v2Filter(filterText);
  return samples.filter((sample) => filter === null || evaluate(filter, sample) === true).map((sample) => sample.id);
}

/**
 * Kleene's three-valued logic, null for unknown: a comparison on an absent value is
 * unknown, and NOT unknown stays unknown, so neither a comparison nor its negation matches.
 */
function evaluate(filter: Hl7v2Filter, sample: Sample): boolean | null {
  if (filter.kind === 'not') {
    const inner = evaluate(filter.operand, sample);
    return inner === null ? null : !inner;
  }
  if ('operands' in filter) {
    const values = filter.operands.map((operand) => evaluate(operand, sample));
    const decisive = filter.kind === 'and' ? false : true;
    if (values.includes(decisive)) return decisive;
    return values.includes(null) ? null : !decisive;
  }
  return evaluateTerm(filter, sample);
}

function evaluateTerm(term: Hl7v2FilterTerm, sample: Sample): boolean | null {
  switch (term.kind) {
    case 'text': {
      const value = term.field === 'message_type' ? sample.messageType : sample.sendFacility;
      return value === '' ? null : compare(value, term.op, term.value);
    }
    case 'date':
      return sample.sendDate === '' ? null : compare(sample.sendDate, term.op, term.value);
    case 'timestamp': {
      const value = term.field === 'send_time' ? sample.sendTime : sample.createTime;
      // A literal between two milliseconds sits half-way, as any point between them compares alike.
      const literal = Date.parse(term.value.utc) + (term.value.exact ? 0 : 0.5);
      return value === '' ? null : compare(Date.parse(value), term.op, literal);
    }
    case 'label':
      return term.key in sample.labels ? compare(sample.labels[term.key], term.op, term.value) : null;
    case 'hasLabel':
      return term.key in sample.labels;
    case 'patientId':
      return sample.patientIds.some((id) => id.value === term.value && id.type === term.type);
  }
}

function compare<T extends string | number>(left: T, op: Hl7v2FilterOp, right: T): boolean {
  switch (op) {
    case '=':
      return left === right;
    case '!=':
      return left !== right;
    case '<':
      return left < right;
    case '<=':
      return left <= right;
    case '>':
      return left > right;
    case '>=':
      return left >= right;
  }
}


test('hand-picked filters return what they say', async (t) => {
  const ids = (predicate: (sample: Sample) => boolean) => samples.filter(predicate).map((sample) => sample.id);
  const withTime = ids((s) => s.sendTime !== '');
  t.deepEqual(await select(''), ids(() => true));
  t.deepEqual(await select('message_type = "ADT"'), ids((s) => s.messageType === 'ADT'));
  t.deepEqual(await select('message_type = adt'), ids((s) => s.messageType === 'adt'), 'equality is case-sensitive');
  t.deepEqual(await select('NOT message_type = "ADT"'), ids((s) => s.messageType !== 'ADT' && s.messageType !== ''));
  t.deepEqual(await select('send_facility = "say \\"hi\\""'), ids((s) => s.sendFacility === 'say "hi"'));
  t.deepEqual(await select('send_time < "2017-01-02T00:00:00-05:00"'), ids((s) => s.sendTime !== '' && s.sendTime < '2017-01-02T05:00:00.000Z'));
  const before = await select('send_time < "2017-01-02T00:00:00-05:00"');
  const notBefore = await select('NOT send_time < "2017-01-02T00:00:00-05:00"');
  t.deepEqual([...before, ...notBefore].sort((a, b) => a - b), withTime, 'absent send_time matches neither');
  t.deepEqual(await select('send_date = "2017-01-02"'), ids((s) => s.sendDate === '2017-01-02'));
  t.deepEqual(await select('sendDate >= 2017-01-02'), ids((s) => s.sendDate !== '' && s.sendDate >= '2017-01-02'));
  t.deepEqual(await select('PatientId("105", "MRN")'), ids((s) => s.patientIds.some((p) => p.value === '105' && p.type === 'MRN')));
  t.deepEqual(await select('labels."a.b c" = x'), ids((s) => s.labels['a.b c'] === 'x'));
  t.deepEqual(await select('labels.priority:*'), ids((s) => 'priority' in s.labels));
  t.deepEqual(await select('-labels.priority:*'), ids((s) => !('priority' in s.labels)));
  t.deepEqual(await select('NOT labels.priority = high'), ids((s) => s.labels.priority === 'low'));
  t.deepEqual(await select('create_time >= "2024-06-01T00:01:00Z" create_time < "2024-06-01T00:01:10Z"'), samples.slice(60, 70).map((s) => s.id));
});

test('sub-millisecond literals compare right against millisecond values', async (t) => {
  const stored = samples.find((s) => s.sendTime.endsWith('.123Z'))!.sendTime;
  const at = (fraction: string) => `"${stored.slice(0, -5)}${fraction}Z"`;
  const matching = (predicate: (time: string) => boolean) => samples.filter((s) => s.sendTime !== '' && predicate(s.sendTime)).map((s) => s.id);
  t.deepEqual(await select(`send_time = ${at('.1230001')}`), []);
  t.deepEqual(await select(`send_time = ${at('.123000000')}`), matching((time) => time === stored));
  t.deepEqual(await select(`send_time <= ${at('.1229999')}`), matching((time) => time < stored));
  t.deepEqual(await select(`send_time > ${at('.1229999')}`), matching((time) => time >= stored));
  t.deepEqual(await select(`send_time < ${at('.1230001')}`), matching((time) => time <= stored));
  t.deepEqual(await select(`send_time >= ${at('.1230001')}`), matching((time) => time > stored));
  t.deepEqual(await select(`send_time != ${at('.1230001')}`), matching(() => true));
});

test('an alias for the messages table works', async (t) => {
  const filter = 'message_type = ORU AND (labels.site = north OR PatientId("110", "SSN")) -send_date = 2017-01-01';
  t.deepEqual(await select(filter, 'm'), expected(filter));
});

const RESTRICTIONS = [
  'message_type = ADT', 'message_type != "ORU"', 'message_type = ""', 'message_type != ""', 'send_facility = "A B"', 'send_facility != ABC',
  'send_date = 2017-01-02', 'send_date < 2017-01-02', 'sendDate >= "2017-01-03"', 'send_date != 2017-01-01', 'send_date > 2016-12-31',
  'send_time < "2017-01-02T00:00:00-05:00"', 'send_time >= "2017-01-02T12:00:00Z"', 'send_time <= "2017-01-03T06:35:00.123+01:00"',
  'send_time > 2017-01-01T10:00:00.0000001Z', 'send_time = "2017-01-02T00:00:00Z"', 'send_time != "2017-01-02T00:00:00Z"',
  'create_time < "2024-06-01T00:02:00Z"', 'create_time > 2024-06-01T00:03:30.5Z', 'labels.priority = high', 'labels.priority != high',
  'labels.site = "a b"', 'labels."a.b c":*', 'labels.site:*', 'labels.nothing:*', 'labels.nothing = x', 'PatientId("105", "MRN")',
  'PatientId(110, SSN)', 'PatientId("112", "")', 'PatientId("999", "MRN")',
];

function randomFilter(next: () => number, depth = 0): string {
  const roll = next();
  if (depth > 2 || roll < 0.35) return RESTRICTIONS[Math.floor(next() * RESTRICTIONS.length)];
  if (roll < 0.5) return `NOT ${randomFilter(next, depth + 1)}`;
  if (roll < 0.55) return `-${randomFilter(next, depth + 1)}`;
  if (roll < 0.65) return `(${randomFilter(next, depth + 1)})`;
  const joiner = [' AND ', ' OR ', ' '][Math.floor(next() * 3)];
  return `${randomFilter(next, depth + 1)}${joiner}${randomFilter(next, depth + 1)}`;
}

test('every restriction, and random combinations of them, match the three-valued reference', async (t) => {
  for (const filter of RESTRICTIONS) {
    const ids = await select(filter);
    t.deepEqual(ids, expected(filter), filter);
    t.deepEqual(await select(`NOT ${filter}`), expected(`NOT ${filter}`), `NOT ${filter}`);
  }
  const next = seededRandom(42);
  let nonTrivial = 0;
  for (let i = 0; i < 250; i++) {
    const filter = randomFilter(next);
    const want = expected(filter);
    if (want.length > 0 && want.length < samples.length) nonTrivial++;
    t.deepEqual(await select(filter), want, filter);
  }
  t.true(nonTrivial > 100, `only ${nonTrivial} random filters selected some but not all messages`);
});

test('values longer than their columns match nothing and raise no database error', async (t) => {
  const long = 'x'.repeat(300);
  for (const filter of [`message_type = ${long}`, `send_facility != ${long}`, `labels.${long} = ${long}`, `labels.${long}:*`, `PatientId(${long}, ${long})`]) {
    t.deepEqual(await select(filter), expected(filter), filter.slice(0, 40));
  }
  t.deepEqual(await select(`-labels.${long}:*`), samples.map((sample) => sample.id));
});
