import test from 'ava';
import type { Notification } from '../../../engine/notifications/notification.ts';
import { notificationMigrations } from '../../../engine/notifications/notification-migrations.ts';
import { watchersOf } from '../../../engine/notifications/notification-watchers.ts';
import type { Region } from '../../../engine/regions/region.ts';
import { datasetMigrations } from '../../../stores/datasets/dataset-migrations.ts';
import { storeName } from '../../../stores/datasets/resource-names.ts';
import { KnexStoreRepository, type StoreRecord } from '../../../stores/datasets/store-repository.ts';
import { hl7v2Migrations } from '../../../stores/hl7v2/hl7v2-migrations.ts';
import { ingestHl7v2Message } from '../../../stores/hl7v2/ingest-hl7v2-message.ts';
import type { Hl7v2FilterFields } from '../../../stores/hl7v2/matches-hl7v2-filter.ts';
import { openTestRegion, uniqueId } from '../../helpers/test-region.ts';

let region: Region;
test.before(async () => {
  region = await openTestRegion([...datasetMigrations, ...hl7v2Migrations, ...notificationMigrations]);
});
test.after.always(async () => {
  await region?.db.destroy();
});

/** A dataset and an HL7v2 store with this config, as the API would have written them. */
async function newStore(config: Record<string, unknown>): Promise<StoreRecord> {
  const project = uniqueId('p');
  const now = new Date().toISOString();
  await region.db('datasets').insert({ project, dataset_id: 'd', time_zone: 'UTC', labels: '{}', create_time: now });
  await region.db.transaction((trx) => new KnexStoreRepository(region).create(trx, { project, datasetId: 'd', type: 'hl7v2', storeId: 's', config, labels: {} }));
  return (await new KnexStoreRepository(region).get(project, 'd', 'hl7v2', 's'))!;
}

const message = (type: string, control: string) => Buffer.from(`MSH|^~\\&|LAB|NORTH|EHR|HOSP|20240102030405||${type}^A01|${control}|P|2.5\rPID|1||${control}^^^H^MR\r`);

function ingest(store: StoreRecord, data: Buffer, labels: Record<string, string> = {}) {
  return ingestHl7v2Message({ region, store, timeZone: 'UTC', data, labels, audit: async () => {} });
}

const outboxRows = (subjectOrHook: string) => region.db('notification_outbox').where('address', 'like', `%${subjectOrHook}%`).orderBy('id');

test('a store without notificationConfigs writes no outbox row', async (t) => {
  const store = await newStore({});
  t.is((await ingest(store, message('ADT', uniqueId('c')))).kind, 'stored');
  t.deepEqual(await region.db('notification_outbox').where('body', 'like', `%${store.project}%`), []);
});

test('each matching notificationConfig adds a row per target, with Google\'s notification as the body', async (t) => {
  const topic = uniqueId('topic');
  const store = await newStore({
    notificationConfigs: [
      { pubsubTopic: `projects/acme/topics/${topic}-all`, webhook: `${topic}-hook` },
      { pubsubTopic: `projects/acme/topics/${topic}-oru`, filter: 'message_type = "ORU"' },
      { pubsubTopic: `projects/acme/topics/${topic}-lab`, filter: 'labels.source = lab AND send_facility = NORTH' },
    ],
  });
  const outcome = await ingest(store, message('ADT', uniqueId('c')), { source: 'lab' });
  if (outcome.kind !== 'stored') throw new Error('not stored');
  const rows = await outboxRows(topic);
  t.deepEqual(rows.map((r) => [r.target, r.address]), [
    ['nats', `projects.acme.topics.${topic}-all`],
    ['webhook', `${topic}-hook`],
    ['nats', `projects.acme.topics.${topic}-lab`],
  ]);
  t.is(new Set(rows.map((r) => r.notification_id)).size, 1, 'one notification, one id, for every target');
  const body = JSON.parse(rows[0].body) as Notification;
  t.deepEqual(body, {
    name: `${storeName(store.project, 'local', 'd', 'hl7v2', 's')}/messages/${outcome.record.messageId}`,
    attributes: { msgType: 'ADT' },
    publishTime: outcome.record.createTime,
  });
});

test('a byte-identical message is not news: no second row', async (t) => {
  const topic = uniqueId('topic');
  const store = await newStore({ notificationConfigs: [{ pubsubTopic: `projects/acme/topics/${topic}` }] });
  const bytes = message('ADT', uniqueId('c'));
  await ingest(store, bytes);
  t.true((await ingest(store, bytes)).kind === 'stored');
  t.is((await outboxRows(topic)).length, 1);
});

test('watchers of the store hear of a message after its commit, with the fields a filter needs', async (t) => {
  const store = await newStore({ rejectDuplicateMessage: true });
  const name = storeName(store.project, 'local', 'd', 'hl7v2', 's');
  const heard: Array<[Notification, Hl7v2FilterFields]> = [];
  const unsubscribe = watchersOf(region).subscribe<Hl7v2FilterFields>(name, (n, fields) => heard.push([n, fields]), () => {});
  const bytes = message('ORU', uniqueId('c'));
  await ingest(store, bytes, { source: 'lab' });
  // Refused as a duplicate: its transaction rolls back, and nobody hears of it.
  t.is((await ingest(store, bytes)).kind, 'refused');
  unsubscribe();
  await ingest(store, message('ORU', uniqueId('c')));
  t.is(heard.length, 1);
  t.is(heard[0][0].attributes.msgType, 'ORU');
  t.like(heard[0][1], { messageType: 'ORU', sendFacility: 'NORTH', sendDate: '2024-01-02', sendTime: '2024-01-02T03:04:05.000Z', labels: { source: 'lab' } });
  t.false(watchersOf(region).active);
});
