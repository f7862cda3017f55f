import type { Knex } from 'knex';
import { alreadyExists, notFound } from '../../engine/errors/api-error.ts';
import { PreparedRead } from '../../engine/regions/prepared-read.ts';
import { cachedTreeRow, forgetTreeRows } from './resource-tree-cache.ts';
import type { Region } from '../../engine/regions/region.ts';
import type { Labels } from './labels.ts';
import { datasetName, storeName, type StoreType } from './resource-names.ts';

/** A FHIR, HL7v2 or DICOM store record: its identity and Google-shaped configuration. */
export interface StoreRecord {
  /** Database key; store data tables reference it. */
  pk: number;
  project: string;
  location: string;
  datasetId: string;
  type: StoreType;
  storeId: string;
  /** Configuration fields other than name and labels, as Google's JSON. */
  config: Record<string, unknown>;
  labels: Labels;
  createTime: string;
}

export interface StorePage {
  stores: StoreRecord[];
  nextAfter: string | null;
}

export interface StoreRepository {
  create(trx: Knex.Transaction, store: Omit<StoreRecord, 'pk' | 'location' | 'createTime'>): Promise<StoreRecord>;
  get(project: string, datasetId: string, type: StoreType, storeId: string, db?: Knex): Promise<StoreRecord | null>;
  list(project: string, datasetId: string, type: StoreType, pageSize: number, after: string | null, labels?: LabelFilter[]): Promise<StorePage>;
  /** Every store of a dataset, of every type. */
  listInDataset(db: Knex, project: string, datasetId: string): Promise<StoreRecord[]>;
  update(trx: Knex.Transaction, store: StoreRecord): Promise<void>;
  delete(trx: Knex.Transaction, store: StoreRecord): Promise<void>;
}

/** `labels.key=value`, or `labels.key:*` (value null) for presence. */
export interface LabelFilter {
  key: string;
  value: string | null;
}

interface StoreRow {
  id: number;
  dataset_pk: number;
  project: string;
  dataset_id: string;
  type: StoreType;
  store_id: string;
  config: string;
  labels: string;
  create_time: string;
}

const byName = (db: Knex, project: string, datasetId: string, type: StoreType, storeId: string) =>
  db<StoreRow>('stores').where({ project, dataset_id: datasetId, type, store_id: storeId }).limit(1);
const readByName = new PreparedRead<[string, string, StoreType, string], StoreRow>(byName);

export class KnexStoreRepository implements StoreRepository {
  constructor(private readonly region: Region) {}

  async create(trx: Knex.Transaction, store: Omit<StoreRecord, 'pk' | 'location' | 'createTime'>): Promise<StoreRecord> {
    const dataset = await trx('datasets').where({ project: store.project, dataset_id: store.datasetId }).first('id');
    if (!dataset) throw notFound(`dataset ${datasetName(store.project, this.region.name, store.datasetId)} not found`);
    const createTime = new Date().toISOString();
    try {
      const [row] = await trx('stores')
        .insert({
          dataset_pk: dataset.id,
          project: store.project,
          dataset_id: store.datasetId,
          type: store.type,
          store_id: store.storeId,
          config: JSON.stringify(store.config),
          labels: JSON.stringify(store.labels),
          create_time: createTime,
        })
        .returning('id');
      forgetTreeRows(this.region, `${store.project}/${store.datasetId}/${store.type}/${store.storeId}`, trx);
      const pk = typeof row === 'object' ? (row as { id: number }).id : (row as number);
      return { ...store, pk, location: this.region.name, createTime };
    } catch (error) {
      if (this.region.dialect.isUniqueViolation(error)) {
        throw alreadyExists(`store ${storeName(store.project, this.region.name, store.datasetId, store.type, store.storeId)} already exists`);
      }
      throw error;
    }
  }

  async get(project: string, datasetId: string, type: StoreType, storeId: string, db?: Knex): Promise<StoreRecord | null> {
    const [row] = db
      ? ((await byName(db, project, datasetId, type, storeId)) as StoreRow[])
      : await cachedTreeRow(this.region, `${project}/${datasetId}/${type}/${storeId}`, () => readByName.read(this.region, project, datasetId, type, storeId));
    return row ? this.toRecord(row) : null;
  }

  async list(project: string, datasetId: string, type: StoreType, pageSize: number, after: string | null, labels: LabelFilter[] = []): Promise<StorePage> {
    const query = this.region.db<StoreRow>('stores').where({ project, dataset_id: datasetId, type }).orderBy('store_id');
    if (after !== null) query.andWhere('store_id', '>', after);
    const rows: StoreRow[] = await query;
    // Label filters are checked in code: a dataset holds few stores, and this keeps both dialects alike.
    const matching = rows.map((r) => this.toRecord(r)).filter((s) => labels.every((f) => matchesLabel(s.labels, f)));
    const page = matching.slice(0, pageSize);
    return { stores: page, nextAfter: matching.length > pageSize ? page[page.length - 1].storeId : null };
  }

  async listInDataset(db: Knex, project: string, datasetId: string): Promise<StoreRecord[]> {
    const rows: StoreRow[] = await db<StoreRow>('stores').where({ project, dataset_id: datasetId }).orderBy('id');
    return rows.map((r) => this.toRecord(r));
  }

  async update(trx: Knex.Transaction, store: StoreRecord): Promise<void> {
    forgetTreeRows(this.region, `${store.project}/${store.datasetId}/${store.type}/${store.storeId}`, trx);
    await trx('stores').where({ id: store.pk }).update({ config: JSON.stringify(store.config), labels: JSON.stringify(store.labels) });
  }

  async delete(trx: Knex.Transaction, store: StoreRecord): Promise<void> {
    forgetTreeRows(this.region, `${store.project}/${store.datasetId}/${store.type}/${store.storeId}`, trx);
    await trx('stores').where({ id: store.pk }).delete();
  }

  private toRecord(row: StoreRow): StoreRecord {
    return {
      pk: row.id,
      project: row.project,
      location: this.region.name,
      datasetId: row.dataset_id,
      type: row.type,
      storeId: row.store_id,
      config: JSON.parse(row.config) as Record<string, unknown>,
      labels: JSON.parse(row.labels) as Labels,
      createTime: row.create_time,
    };
  }
}

function matchesLabel(labels: Labels, filter: LabelFilter): boolean {
  return filter.value === null ? filter.key in labels : labels[filter.key] === filter.value;
}
