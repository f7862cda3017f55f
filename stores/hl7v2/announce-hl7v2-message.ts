import type { Notification } from '../../engine/notifications/notification.ts';
import { outboxOf } from '../../engine/notifications/notification-outbox.ts';
import { watchersOf } from '../../engine/notifications/notification-watchers.ts';
import type { SqlTx } from '../../engine/regions/sql-tx.ts';
import { storeName } from '../datasets/resource-names.ts';
import type { StoreRecord } from '../datasets/store-repository.ts';
import { compileHl7v2NotificationConfigs } from './compile-hl7v2-notification-configs.ts';
import type { Hl7v2MessageRecord } from './hl7v2-message-record.ts';
import { type Hl7v2FilterFields, matchesHl7v2Filter } from './matches-hl7v2-filter.ts';

/**
 * Announce a newly stored message in its own transaction: an outbox row per address of
 * each notificationConfig whose filter it matches, and, once committed, to the store's
 * `:watch` subscribers in this process. On the hot path: a store with no
 * notificationConfigs and no watcher costs two property reads.
 */
export async function announceHl7v2Message(tx: SqlTx, store: StoreRecord, record: Hl7v2MessageRecord, sendDate: string): Promise<void> {
  const configs = compileHl7v2NotificationConfigs(store);
  const watchers = watchersOf(tx.region);
  if (configs.length === 0 && !watchers.active) return;
  const name = storeName(store.project, store.location, store.datasetId, 'hl7v2', store.storeId);
  const { messageType, sendFacility, sendTime, createTime, labels, patientIds } = record;
  const fields: Hl7v2FilterFields = { messageType, sendFacility, sendDate, sendTime, createTime, labels, patientIds };
  const notification = hl7v2Notification(name, record);
  const addresses = configs.filter((c) => c.filter === null || matchesHl7v2Filter(c.filter, fields)).flatMap((c) => c.addresses);
  await outboxOf(tx.region).enqueue(tx, notification, addresses);
  if (watchers.watching(name)) watchers.publishAfterCommit(tx, name, notification, fields);
}

/** Google's HL7v2 Pub/Sub notification: the message's name as data, its type as the msgType attribute. */
function hl7v2Notification(store: string, record: Hl7v2MessageRecord): Notification {
  return {
    name: `${store}/messages/${record.messageId}`,
    attributes: record.messageType === '' ? {} : { msgType: record.messageType },
    publishTime: record.createTime,
  };
}
