import type { Migration } from '../../engine/regions/migration.ts';

/**
 * HL7v2 messages and the indexes Google's messages.list filter needs: message type, send
 * time and date, sending facility, create time, patient ids and labels, each led by the
 * store so a filter on one store never scans another's messages.
 */
export const hl7v2Migrations: Migration[] = [
  {
    name: '0005-hl7v2-messages',
    async up(db) {
      await db.schema.createTable('hl7v2_messages', (t) => {
        t.bigIncrements('id').primary();
        t.integer('store_pk').notNullable().references('id').inTable('stores').onDelete('CASCADE');
        t.string('message_id', 64).notNullable();
        t.binary('data').notNullable();
        t.string('content_sha256', 64).notNullable();
        /** MSH-9.1; '' when absent. */
        t.string('message_type', 16).notNullable();
        /** MSH-7 as UTC ISO 8601 with milliseconds; '' when absent or unreadable. */
        t.string('send_time', 32).notNullable();
        /** MSH-7's date in the dataset's time zone, YYYY-MM-DD; '' when absent. */
        t.string('send_date', 10).notNullable();
        /** MSH-4.1; '' when absent. */
        t.string('send_facility', 256).notNullable();
        t.string('create_time', 32).notNullable();
        t.text('labels').notNullable();
        /** Google's patientIds, in message order (hl7v2_patient_ids indexes them for filters). */
        t.text('patient_ids').notNullable();
        /** The ACK the message got when it was first ingested, answered again for a duplicate. */
        t.binary('ack');
        t.index(['store_pk', 'id']);
        t.unique(['store_pk', 'message_id']);
        t.unique(['store_pk', 'content_sha256']);
        t.index(['store_pk', 'message_type', 'id']);
        t.index(['store_pk', 'send_time', 'id']);
        t.index(['store_pk', 'send_date', 'id']);
        t.index(['store_pk', 'send_facility', 'id']);
        t.index(['store_pk', 'create_time', 'id']);
      });
      await db.schema.createTable('hl7v2_patient_ids', (t) => {
        t.bigInteger('message_pk').notNullable().references('id').inTable('hl7v2_messages').onDelete('CASCADE');
        t.integer('store_pk').notNullable();
        t.string('value', 256).notNullable();
        t.string('type', 64).notNullable();
        t.index(['store_pk', 'value', 'type', 'message_pk']);
        t.index(['message_pk']);
      });
      await db.schema.createTable('hl7v2_labels', (t) => {
        t.bigInteger('message_pk').notNullable().references('id').inTable('hl7v2_messages').onDelete('CASCADE');
        t.integer('store_pk').notNullable();
        t.string('key', 64).notNullable();
        t.string('value', 64).notNullable();
        t.index(['store_pk', 'key', 'value', 'message_pk']);
        t.index(['message_pk']);
      });
    },
  },
];
