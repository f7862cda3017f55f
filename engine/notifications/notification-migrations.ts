import type { Migration } from '../regions/migration.ts';

/**
 * The notification outbox: one row per notification and target, written in the
 * transaction of the change it announces and deleted once delivered (a row that can never
 * be delivered stays, DEAD, with its reason).
 */
export const notificationMigrations: Migration[] = [
  {
    name: '0007-notification-outbox',
    async up(db) {
      await db.schema.createTable('notification_outbox', (t) => {
        t.bigIncrements('id').primary();
        /** Shared by the rows of one notification; receivers deduplicate redeliveries by it. */
        t.string('notification_id', 32).notNullable();
        /** nats or webhook. */
        t.string('target', 16).notNullable();
        /** The NATS subject, or the webhook's name in plexus.yaml. */
        t.string('address', 512).notNullable();
        /** The notification's JSON, as delivered. */
        t.text('body').notNullable();
        /** PENDING, or DEAD when the target refused it for good. */
        t.string('status', 16).notNullable();
        t.integer('attempts').notNullable();
        /** When the row is next tried, epoch milliseconds. */
        t.bigInteger('next_attempt_ms').notNullable();
        /** Why the last attempt failed. */
        t.text('error');
        t.string('create_time', 32).notNullable();
        t.index(['status', 'next_attempt_ms', 'id']);
      });
    },
  },
];
