import type { NotificationAddress } from '../../engine/notifications/notification-address.ts';
import { outboxOf } from '../../engine/notifications/notification-outbox.ts';
import { toNatsSubject } from '../../engine/notifications/to-nats-subject.ts';
import type { SqlTx } from '../../engine/regions/sql-tx.ts';
import { storeName } from '../datasets/resource-names.ts';
import type { StoreRecord } from '../datasets/store-repository.ts';
import type { DicomInstanceIdentity } from './dicom-instance-row.ts';

interface DicomNotificationConfig {
  pubsubTopic?: string;
  webhook?: string;
}

/**
 * Announce a stored instance through the region's outbox, in the store's transaction, as
 * Google's DICOM Pub/Sub notifications do: the message is the instance's DICOMweb resource
 * name (`.../dicomWeb/studies/{s}/series/{se}/instances/{i}`), with the action and the
 * instance's UIDs as attributes. A store without notificationConfig costs a property read.
 */
export async function announceDicomInstance(tx: SqlTx, store: StoreRecord, instance: DicomInstanceIdentity, publishTime: string): Promise<void> {
  const config = store.config.notificationConfig as DicomNotificationConfig | undefined;
  if (!config || (!config.pubsubTopic && !config.webhook)) return;
  const addresses: NotificationAddress[] = [];
  if (config.pubsubTopic) addresses.push({ target: 'nats', address: toNatsSubject(config.pubsubTopic) });
  if (config.webhook) addresses.push({ target: 'webhook', address: config.webhook });
  const base = storeName(store.project, store.location, store.datasetId, 'dicom', store.storeId);
  await outboxOf(tx.region).enqueue(
    tx,
    {
      name: `${base}/dicomWeb/studies/${instance.studyUid}/series/${instance.seriesUid}/instances/${instance.sopInstanceUid}`,
      attributes: { action: 'StoreInstances', studyInstanceUid: instance.studyUid, seriesInstanceUid: instance.seriesUid, sopInstanceUid: instance.sopInstanceUid, sopClassUid: instance.sopClassUid },
      publishTime,
    },
    addresses,
  );
}
