import type { NotificationAddress } from '../../engine/notifications/notification-address.ts';
import { outboxOf } from '../../engine/notifications/notification-outbox.ts';
import { toNatsSubject } from '../../engine/notifications/to-nats-subject.ts';
import type { SqlTx } from '../../engine/regions/sql-tx.ts';
import { storeName } from '../datasets/resource-names.ts';
import type { StoreRecord } from '../datasets/store-repository.ts';
import type { StoredFhirResource } from './fhir-resource.ts';

interface FhirNotificationConfig {
  pubsubTopic?: string;
  webhook?: string;
  sendFullResource?: boolean;
  sendPreviousResourceOnDelete?: boolean;
}

/** Google's `action` attribute per interaction. */
const ACTION: Record<string, string> = { POST: 'CreateResource', PUT: 'UpdateResource', PATCH: 'PatchResource', DELETE: 'DeleteResource' };

/**
 * Announce a written version through the region's outbox, in the write's transaction, as
 * Google's FHIR Pub/Sub notifications: the resource name, and attributes `action`,
 * `resourceType`, `versionId`, `lastUpdatedTime` and `payloadType`. With `sendFullResource`
 * the resource itself goes along; with `sendPreviousResourceOnDelete` a delete carries
 * the version it removed. A store without notificationConfigs costs a property read.
 */
export async function announceFhirChange(tx: SqlTx, store: StoreRecord, stored: StoredFhirResource, created: boolean, previous: () => Promise<StoredFhirResource | null>): Promise<void> {
  const configs = store.config.notificationConfigs;
  if (!Array.isArray(configs) || configs.length === 0) return;
  const name = `${storeName(store.project, store.location, store.datasetId, 'fhir', store.storeId)}/fhir/${stored.resourceType}/${stored.id}`;
  const action = stored.method === 'PUT' && created ? ACTION.POST : ACTION[stored.method] ?? 'UpdateResource';
  for (const config of configs as FhirNotificationConfig[]) {
    const addresses: NotificationAddress[] = [];
    if (config.pubsubTopic) addresses.push({ target: 'nats', address: toNatsSubject(config.pubsubTopic) });
    if (config.webhook) addresses.push({ target: 'webhook', address: config.webhook });
    let resource: unknown;
    if (stored.deleted && config.sendPreviousResourceOnDelete) {
      const before = await previous();
      resource = before?.json ? JSON.parse(before.json) : undefined;
    } else if (!stored.deleted && config.sendFullResource) {
      resource = JSON.parse(stored.json!);
    }
    await outboxOf(tx.region).enqueue(tx, {
      name,
      attributes: {
        action,
        resourceType: stored.resourceType,
        versionId: String(stored.versionId),
        lastUpdatedTime: stored.lastUpdated,
        payloadType: resource === undefined ? 'NameOnly' : 'FullResource',
      },
      publishTime: stored.lastUpdated,
      ...(resource === undefined ? {} : { resource }),
    }, addresses);
  }
}
