import test from 'ava';
import { closeRegion } from '../../../engine/regions/open-region.ts';
import type { Region } from '../../../engine/regions/region.ts';
import { datasetMigrations } from '../../../stores/datasets/dataset-migrations.ts';
import { applyHl7v2Filter } from '../../../stores/hl7v2/compile-hl7v2-filter.ts';
import { parseHl7v2Filter } from '../../../stores/hl7v2/hl7v2-filter-parser.ts';
import { hl7v2Migrations } from '../../../stores/hl7v2/hl7v2-migrations.ts';
import { type Hl7v2FilterFields, matchesHl7v2Filter } from '../../../stores/hl7v2/matches-hl7v2-filter.ts';
import { seededRandom } from '../../helpers/seeded-random.ts';
import { openTestRegion, uniqueId } from '../../helpers/test-region.ts';

/*
 * The in-memory matcher must agree with the SQL the same filter compiles to, message by
 * message, absent values and negations included: a notification goes to exactly the
 * messages messages.list would return for the config's filter.
 */

const TYPES = ['ADT', 'ORU', 'adt', ''];
const FACILITIES = ['ABC', 'A B', ''];
const PATIENT_TYPES = ['MRN', 'SSN', ''];

let region: Region;
let storePk: number;
const samples: Array<Hl7v2FilterFields & { id: number }> = [];

function makeSample(next: () => number, i: number): Hl7v2FilterFields {
  const pick = <T>(items: T[]): T => items[Math.floor(next() * items.length)];
  const millis = Date.UTC(2017, 0, 1) + Math.floor(next() * 3 * 24 * 12) * 300_000 + (i % 7 === 0 ? 123 : 0);
  const sendTime = i % 10 === 3 ? '' : new Date(millis).toISOString();
  const labels: Record<string, string> = {};
  if (next() < 0.5) labels.priority = pick(['high', 'low']);
  if (next() < 0.5) labels.site = pick(['north', 'south']);
  return {
    messageType: pick(TYPES),
    sendFacility: pick(FACILITIES),
    sendTime,
    sendDate: sendTime === '' ? '' : new Date(millis - 5 * 3_600_000).toISOString().slice(0, 10),
    createTime: new Date(Date.UTC(2024, 5, 1) + i * 1000).toISOString(),
    labels,
    patientIds: Array.from({ length: Math.floor(next() * 3) }, () => ({ value: String(100 + Math.floor(next() * 10)), type: pick(PATIENT_TYPES) })),
  };
}

test.before(async () => {
  region = await openTestRegion([...datasetMigrations, ...hl7v2Migrations]);
  const db = region.db;
  const now = new Date().toISOString();
  const datasetId = uniqueId('d');
  const [{ id: datasetPk }] = await db('datasets').insert({ project: 'p', dataset_id: datasetId, time_zone: 'UTC', labels: '{}', create_time: now }).returning('id');
  const [{ id }] = await db('stores').insert({ dataset_pk: datasetPk, project: 'p', dataset_id: datasetId, type: 'hl7v2', store_id: 's', config: '{}', labels: '{}', create_time: now }).returning('id');
  storePk = Number(id);
  const next = seededRandom(7);
  for (let i = 0; i < 200; i++) {
    const s = makeSample(next, i);
    const [{ id: pk }] = await db('hl7v2_messages').insert({
      store_pk: storePk, message_id: uniqueId('m'), data: Buffer.from('MSH|^~\\&|'), content_sha256: uniqueId('h'), message_type: s.messageType, send_time: s.sendTime,
      send_date: s.sendDate, send_facility: s.sendFacility, create_time: s.createTime, labels: JSON.stringify(s.labels), patient_ids: JSON.stringify(s.patientIds),
    }).returning('id');
    const labels = Object.entries(s.labels).map(([key, value]) => ({ message_pk: pk, store_pk: storePk, key, value }));
    if (labels.length > 0) await db('hl7v2_labels').insert(labels);
    if (s.patientIds.length > 0) await db('hl7v2_patient_ids').insert(s.patientIds.map((p) => ({ message_pk: pk, store_pk: storePk, ...p })));
    samples.push({ ...s, id: Number(pk) });
  }
});

test.after.always(async () => {
  if (region) await closeRegion(region);
});

async function selectedBySql(filterText: string): Promise<number[]> {
  const query = region.db('hl7v2_messages').select('id').where('store_pk', storePk).orderBy('id');
  applyHl7v2Filter(query, parseHl7v2Filter(filterText)!, storePk);
  return (await region.read<{ id: number | string }>(query)).map((row) => Number(row.id));
}

const matchedInMemory = (filterText: string): number[] => {
  const filter = parseHl7v2Filter(filterText)!;
  return samples.filter((sample) => matchesHl7v2Filter(filter, sample)).map((sample) => sample.id);
};

const RESTRICTIONS = [
  'message_type = ADT', 'message_type != ORU', 'send_facility = "A B"', 'send_date = 2017-01-02', 'send_date < 2017-01-02', 'sendDate >= 2017-01-03',
  'send_time < "2017-01-02T00:00:00-05:00"', 'send_time >= "2017-01-02T12:00:00Z"', 'send_time > 2017-01-01T10:00:00.0000001Z',
  'send_time = "2017-01-02T00:00:00.1230001Z"', 'send_time != "2017-01-02T00:00:00.1230001Z"', 'create_time < "2024-06-01T00:02:00Z"',
  'labels.priority = high', 'labels.priority != high', 'labels.site:*', 'labels.nothing:*', 'PatientId("105", "MRN")', 'PatientId(103, "")',
];

function randomFilter(next: () => number, depth = 0): string {
  const roll = next();
  if (depth > 2 || roll < 0.35) return RESTRICTIONS[Math.floor(next() * RESTRICTIONS.length)];
  if (roll < 0.5) return `NOT ${randomFilter(next, depth + 1)}`;
  if (roll < 0.6) return `(${randomFilter(next, depth + 1)})`;
  return `${randomFilter(next, depth + 1)}${[' AND ', ' OR ', ' '][Math.floor(next() * 3)]}${randomFilter(next, depth + 1)}`;
}

test('every restriction and its negation match in memory what the SQL selects', async (t) => {
  for (const filter of RESTRICTIONS) {
    t.deepEqual(matchedInMemory(filter), await selectedBySql(filter), filter);
    t.deepEqual(matchedInMemory(`NOT ${filter}`), await selectedBySql(`NOT ${filter}`), `NOT ${filter}`);
  }
});

test('random combinations match in memory what the SQL selects', async (t) => {
  const next = seededRandom(11);
  for (let i = 0; i < 200; i++) {
    const filter = randomFilter(next);
    t.deepEqual(matchedInMemory(filter), await selectedBySql(filter), filter);
  }
});
