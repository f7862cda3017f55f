import type { Knex } from 'knex';
import type { Region } from '../../engine/regions/region.ts';
import type { StoreRecord } from './store-repository.ts';

/**
 * What else goes when a dataset or store is deleted, beyond the rows that cascade:
 * IAM policies, operations, blobs. Each layer contributes its hook at composition.
 */
export interface DatasetLifecycle {
  onDatasetDelete: Array<(trx: Knex.Transaction, region: Region, project: string, datasetId: string) => Promise<void>>;
  onStoreDelete: Array<(trx: Knex.Transaction, region: Region, store: StoreRecord) => Promise<void>>;
}
