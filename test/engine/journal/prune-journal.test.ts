import test from 'ava';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { journalMigrations } from '../../../engine/journal/journal-migrations.ts';
import { pruneJournal } from '../../../engine/journal/prune-journal.ts';
import { BlobStore } from '../../../engine/regions/blob-store.ts';
import { openTestRegion, uniqueId } from '../../helpers/test-region.ts';

const OLD = '2020-01-01T00:00:00.000Z';
const NEW = '2030-01-01T00:00:00.000Z';
const CUTOFF = '2025-01-01T00:00:00.000Z';

test('old finished messages go with their outputs, deliveries and unshared blobs; messages in work and new ones stay', async (t) => {
  const region = await openTestRegion(journalMigrations);
  const root = mkdtempSync(join(tmpdir(), 'plexus-prune-'));
  const blobs = new BlobStore(root);
  const channel = uniqueId();
  const shared = await blobs.put(Buffer.from('shared blob'));
  const alone = await blobs.put(Buffer.from('blob of one message'));
  const insert = async (tag: string, received: string, status: string, blob: string | null = null) => {
    const [row] = await region.db('channel_messages').insert({
      channel, message_id: `${channel}${tag}`.slice(-32), received_time: received, updated_time: received, connection_id: 'c', peer: 'p',
      status, content_type: 'application/hl7-v2', message_type: '', control_id: tag, raw: blob ? null : Buffer.from(tag), raw_blob: blob, raw_size: 1,
    }).returning('id');
    return Number(typeof row === 'object' ? row.id : row);
  };
  const oldDone = await insert('olddone', OLD, 'TRANSFORMED', alone);
  await region.db('channel_message_outputs').insert({ message_pk: oldDone, seq: 0, stage: 's', content: Buffer.from('x') });
  await region.db('channel_deliveries').insert({ message_pk: oldDone, channel, destination: 'store', status: 'SENT', attempts: 1, next_attempt_ms: 0, updated_time: OLD });
  await insert('oldshared', OLD, 'ERROR', shared);
  await insert('newshared', NEW, 'TRANSFORMED', shared);
  await insert('oldreceived', OLD, 'RECEIVED');
  const oldQueued = await insert('oldqueued', OLD, 'TRANSFORMED');
  await region.db('channel_deliveries').insert({ message_pk: oldQueued, channel, destination: 'lab', status: 'QUEUED', attempts: 3, next_attempt_ms: 0, updated_time: OLD });
  await insert('other', OLD, 'TRANSFORMED').then(() => region.db('channel_messages').where({ control_id: 'other' }).update({ channel: `${channel}-other` }));

  t.is(await pruneJournal(region, blobs, channel, CUTOFF), 2);
  const left = (await region.db('channel_messages').where({ channel }).orderBy('control_id')).map((row) => row.control_id);
  t.deepEqual(left, ['newshared', 'oldqueued', 'oldreceived']);
  t.is((await region.db('channel_messages').where({ channel: `${channel}-other` })).length, 1);
  t.deepEqual(await region.db('channel_message_outputs').where({ message_pk: oldDone }), []);
  t.deepEqual(await region.db('channel_deliveries').where({ message_pk: oldDone }), []);
  t.false(existsSync(join(root, alone.slice(0, 2), alone.slice(2, 4), alone)), 'a blob no row refers to is deleted');
  t.deepEqual(await blobs.get(shared), Buffer.from('shared blob'), 'a blob another row refers to stays');
  t.is(await pruneJournal(region, blobs, channel, CUTOFF), 0);
  await region.db.destroy();
});

test('a dead-lettered delivery of a message received as a blob gives its blob up when pruned', async (t) => {
  const region = await openTestRegion(journalMigrations);
  const root = mkdtempSync(join(tmpdir(), 'plexus-prune-'));
  const blobs = new BlobStore(root);
  const channel = uniqueId();
  const instance = await blobs.put(Buffer.from('a DICOM instance, forwarded from its blob'));
  // Storage metadata: the row keeps nothing; only the dead-lettered delivery refers to the blob.
  const [row] = await region.db('channel_messages').insert({
    channel, message_id: `${channel}dead`.slice(-32), received_time: OLD, updated_time: OLD, connection_id: 'a', peer: 'p',
    status: 'TRANSFORMED', content_type: 'application/dicom', message_type: '', control_id: 'dead', raw: null, raw_blob: null, raw_size: 41,
  }).returning('id');
  const pk = Number(typeof row === 'object' ? row.id : row);
  await region.db('channel_deliveries').insert({ message_pk: pk, channel, destination: 'pacs', status: 'ERROR', attempts: 5, next_attempt_ms: 0, content_blob: instance, updated_time: OLD });
  t.true(await blobs.exists(instance));
  t.is(await pruneJournal(region, blobs, channel, CUTOFF), 1);
  t.false(await blobs.exists(instance));
  await region.db.destroy();
});
