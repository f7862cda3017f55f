import type { Migration } from '../regions/migration.ts';

/**
 * The channel journal (Mirth's message store): one row per received message with its
 * source status, the stage outputs the storage mode keeps, one delivery row per
 * destination (store landings and forward steps), and each channel's running state.
 */
export const journalMigrations: Migration[] = [
  {
    name: '0006-channel-journal',
    async up(db) {
      await db.schema.createTable('channel_messages', (t) => {
        t.bigIncrements('id').primary();
        t.string('channel', 256).notNullable();
        t.string('message_id', 32).notNullable().unique();
        t.string('received_time', 32).notNullable();
        t.string('updated_time', 32).notNullable();
        t.string('connection_id', 64).notNullable();
        t.text('peer').notNullable();
        /** RECEIVED, TRANSFORMED, FILTERED or ERROR: the source connector's status. */
        t.string('status', 16).notNullable();
        t.string('content_type', 64).notNullable();
        /** `ADT^A01`; '' until parsed. */
        t.string('message_type', 64).notNullable();
        /** MSH-10; '' until parsed. */
        t.string('control_id', 256).notNullable();
        t.text('error');
        t.text('filtered_by');
        /** The raw bytes, when the storage mode keeps them (and until a message received on-receipt is processed). */
        t.binary('raw');
        /** Raw content over 1 MB: the blob's sha256 in the region's blob store instead of `raw`. */
        t.string('raw_blob', 64);
        t.integer('raw_size').notNullable();
        /** The message_id this one is a reprocessing of (`:reprocess`); null for a message received from the source. */
        t.string('reprocess_of', 32);
        t.index(['channel', 'id']);
        t.index(['channel', 'status', 'id']);
        t.index(['channel', 'received_time']);
      });
      await db.schema.createTable('channel_message_outputs', (t) => {
        t.bigInteger('message_pk').notNullable().references('id').inTable('channel_messages').onDelete('CASCADE');
        t.integer('seq').notNullable();
        t.string('stage', 64).notNullable();
        t.binary('content').notNullable();
        t.primary(['message_pk', 'seq']);
      });
      await db.schema.createTable('channel_deliveries', (t) => {
        t.bigInteger('message_pk').notNullable().references('id').inTable('channel_messages').onDelete('CASCADE');
        t.string('channel', 256).notNullable();
        t.string('destination', 64).notNullable();
        /** SENT, QUEUED, FILTERED or ERROR. */
        t.string('status', 16).notNullable();
        t.integer('attempts').notNullable();
        /** When a QUEUED delivery is next tried, epoch milliseconds. */
        t.bigInteger('next_attempt_ms').notNullable();
        /** What a forward destination sends, kept until it is SENT (and for reprocessing once dead-lettered). */
        t.binary('content');
        t.text('response');
        t.text('error');
        t.string('updated_time', 32).notNullable();
        t.primary(['message_pk', 'destination']);
        t.index(['channel', 'destination', 'status', 'message_pk']);
      });
      await db.schema.createTable('channel_minute_counters', (t) => {
        t.string('channel', 256).notNullable();
        /** UTC minute, `2026-01-01T12:34`. */
        t.string('minute', 16).notNullable();
        t.integer('received').notNullable();
        t.integer('transformed').notNullable();
        t.integer('filtered').notNullable();
        t.integer('errored').notNullable();
        t.primary(['channel', 'minute']);
      });
      await db.schema.createTable('channel_states', (t) => {
        t.string('channel', 256).primary();
        /** running or paused. */
        t.string('state', 16).notNullable();
        t.string('updated_time', 32).notNullable();
      });
    },
  },
  {
    // A message received as a blob (a DICOM instance) is forwarded from the blob store, never copied into the row.
    name: '0010-channel-delivery-blobs',
    async up(db, dialect) {
      await db.schema.alterTable('channel_deliveries', (t) => {
        t.string('content_blob', 64);
        t.index(['content_blob']);
      });
      // A blob is deleted once no row refers to it: that question must not scan the journal.
      await db.schema.alterTable('channel_messages', (t) => {
        t.index(['raw_blob']);
      });
      // A DICOM instance up to limits.stow (2 GB) is a channel message: its size needs 64 bits (SQLite's integer has them).
      if (dialect.name === 'postgres') await db.raw('ALTER TABLE channel_messages ALTER COLUMN raw_size TYPE bigint');
    },
  },
];
