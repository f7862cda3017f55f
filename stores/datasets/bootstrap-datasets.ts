import type { BootstrapDatasetConfig } from '../../config/server-config.ts';
import type { AuditLog } from '../../engine/audit/audit-log.ts';
import type { Logger } from '../../engine/logger.ts';
import type { Regions } from '../../engine/regions/regions.ts';
import { sqlTxOfKnex } from '../../engine/regions/sql-tx.ts';
import { assertRequiredFields, validateFields } from './config-fields.ts';
import { KnexDatasetRepository } from './dataset-repository.ts';
import { datasetName, STORE_COLLECTIONS, storeName } from './resource-names.ts';
import { STORE_CONFIG_FIELDS } from './store-config.ts';
import { KnexStoreRepository } from './store-repository.ts';
import type { Labels } from './labels.ts';

/**
 * Create the configured datasets and stores that are missing, so shipped channels have
 * somewhere to land. Idempotent: what exists is left as it is. Each creation is audited
 * as an admin action of the `system:bootstrap` principal.
 */
export async function bootstrapDatasets(regions: Regions, datasets: BootstrapDatasetConfig[], audit: AuditLog, logger: Logger): Promise<void> {
  for (const wanted of datasets) {
    const region = regions.get(wanted.location);
    const name = datasetName(wanted.project, wanted.location, wanted.id);
    const created = await region.db.transaction(async (trx) => {
      const made: Array<{ resource: string; permission: string }> = [];
      const datasetRepo = new KnexDatasetRepository(region);
      if (!(await datasetRepo.get(wanted.project, wanted.id, trx))) {
        await datasetRepo.create(trx, { project: wanted.project, datasetId: wanted.id, timeZone: wanted.timeZone, labels: {} });
        made.push({ resource: name, permission: 'healthcare.datasets.create' });
      }
      const storeRepo = new KnexStoreRepository(region);
      for (const store of wanted.stores) {
        if (await storeRepo.get(wanted.project, wanted.id, store.type, store.id, trx)) continue;
        const fields = validateFields(STORE_CONFIG_FIELDS[store.type], store.config, `bootstrap ${name} ${store.type} store ${store.id}`);
        assertRequiredFields(STORE_CONFIG_FIELDS[store.type], fields);
        const { labels, name: _name, ...config } = fields;
        await storeRepo.create(trx, { project: wanted.project, datasetId: wanted.id, type: store.type, storeId: store.id, config, labels: (labels as Labels) ?? {} });
        made.push({
          resource: storeName(wanted.project, wanted.location, wanted.id, store.type, store.id),
          permission: `healthcare.${STORE_COLLECTIONS[store.type]}.create`,
        });
      }
      for (const { resource, permission } of made) {
        await audit.recordIn(await sqlTxOfKnex(trx, region), {
          time: new Date().toISOString(),
          principal: 'system:bootstrap',
          permission,
          resource,
          method: 'bootstrap',
          status: 200,
          requestId: 'bootstrap',
          peer: 'local',
          logType: 'ADMIN_WRITE',
          service: 'datasets',
        });
      }
      return made;
    });
    await region.durable();
    for (const { resource } of created) logger.info({ resource }, 'bootstrap created');
  }
}
