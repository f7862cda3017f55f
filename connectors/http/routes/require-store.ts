import type { Knex } from 'knex';
import { notFound } from '../../../engine/errors/api-error.ts';
import { storeName, type StoreType } from '../../../stores/datasets/resource-names.ts';
import { KnexStoreRepository, type StoreRecord } from '../../../stores/datasets/store-repository.ts';
import type { ApiRequest } from '../api-route.ts';

/** The store a request's path names (in `db` when given, a transaction), or NOT_FOUND. */
export async function requireStore(request: ApiRequest, type: StoreType, storeId: string, db?: Knex): Promise<StoreRecord> {
  const { project, dataset } = request.params;
  const found = await new KnexStoreRepository(request.region!).get(project, dataset, type, storeId, db);
  if (!found) throw notFound(`store ${storeName(project, request.region!.name, dataset, type, storeId)} not found`);
  return found;
}
