import type { BlobStore } from '../regions/blob-store.ts';
import { deleteUnreferencedBlobs } from '../regions/delete-unreferenced-blobs.ts';
import type { Region } from '../regions/region.ts';

const BATCH = 500;

/**
 * Delete a channel's journal rows received before `before` (ISO 8601), with their stage
 * outputs and deliveries, in batches so writers are never held up long. A message still
 * in work stays: journaled on receipt and not processed, or with a delivery still queued.
 * A raw blob (or a dead-lettered delivery's) goes once nothing refers to it. Resolves with the rows deleted.
 */
export async function pruneJournal(region: Region, blobs: BlobStore, channel: string, before: string): Promise<number> {
  let deleted = 0;
  for (;;) {
    const rows = await region.db('channel_messages')
      .where({ channel }).andWhere('received_time', '<', before).andWhereNot('status', 'RECEIVED')
      .whereNotExists(region.db('channel_deliveries').whereRaw('channel_deliveries.message_pk = channel_messages.id').andWhere('status', 'QUEUED'))
      .orderBy('id').limit(BATCH).select('id', 'raw_blob');
    if (rows.length === 0) return deleted;
    const ids = rows.map((row) => row.id);
    // Dead-lettered deliveries of messages received as blobs refer to their blob too.
    const deliveryBlobs = await region.db('channel_deliveries').whereIn('message_pk', ids).whereNotNull('content_blob').pluck('content_blob');
    await region.db.transaction(async (trx) => {
      await trx('channel_message_outputs').whereIn('message_pk', ids).delete();
      await trx('channel_deliveries').whereIn('message_pk', ids).delete();
      await trx('channel_messages').whereIn('id', ids).delete();
    });
    deleted += rows.length;
    await deleteUnreferencedBlobs(region, [...rows.map((row) => row.raw_blob).filter((blob): blob is string => blob !== null), ...deliveryBlobs], blobs);
    if (rows.length < BATCH) return deleted;
  }
}
