import type { Knex } from 'knex';
import { alreadyExists } from '../../engine/errors/api-error.ts';
import { PreparedRead } from '../../engine/regions/prepared-read.ts';
import { cachedTreeRow, forgetTreeRows } from './resource-tree-cache.ts';
import type { Region } from '../../engine/regions/region.ts';
import type { Labels } from './labels.ts';

export interface Dataset {
  project: string;
  location: string;
  datasetId: string;
  timeZone: string;
  labels: Labels;
  createTime: string;
}

export interface DatasetPage {
  datasets: Dataset[];
  /** The last dataset id of this page when more may follow. */
  nextAfter: string | null;
}

/** Datasets of one region. Writes take the caller's transaction so audit rows commit with them. */
export interface DatasetRepository {
  create(trx: Knex.Transaction, dataset: Omit<Dataset, 'location' | 'createTime'>): Promise<Dataset>;
  get(project: string, datasetId: string, db?: Knex): Promise<Dataset | null>;
  list(project: string, pageSize: number, after: string | null): Promise<DatasetPage>;
  update(trx: Knex.Transaction, dataset: Dataset): Promise<void>;
  /** Delete the dataset and, by cascade, its stores and their data; false when it did not exist. */
  delete(trx: Knex.Transaction, project: string, datasetId: string): Promise<boolean>;
}

interface DatasetRow {
  id: number;
  project: string;
  dataset_id: string;
  time_zone: string;
  labels: string;
  create_time: string;
}

const byName = (db: Knex, project: string, datasetId: string) => db<DatasetRow>('datasets').where({ project, dataset_id: datasetId }).limit(1);
const readByName = new PreparedRead<[string, string], DatasetRow>(byName);

export class KnexDatasetRepository implements DatasetRepository {
  constructor(private readonly region: Region) {}

  async create(trx: Knex.Transaction, dataset: Omit<Dataset, 'location' | 'createTime'>): Promise<Dataset> {
    const createTime = new Date().toISOString();
    forgetTreeRows(this.region, `${dataset.project}/${dataset.datasetId}`, trx);
    try {
      await trx('datasets').insert({
        project: dataset.project,
        dataset_id: dataset.datasetId,
        time_zone: dataset.timeZone,
        labels: JSON.stringify(dataset.labels),
        create_time: createTime,
      });
    } catch (error) {
      if (this.region.dialect.isUniqueViolation(error)) {
        throw alreadyExists(`dataset projects/${dataset.project}/locations/${this.region.name}/datasets/${dataset.datasetId} already exists`);
      }
      throw error;
    }
    return { ...dataset, location: this.region.name, createTime };
  }

  async get(project: string, datasetId: string, db?: Knex): Promise<Dataset | null> {
    const [row] = db
      ? ((await byName(db, project, datasetId)) as DatasetRow[])
      : await cachedTreeRow(this.region, `${project}/${datasetId}`, () => readByName.read(this.region, project, datasetId));
    return row ? this.toDataset(row) : null;
  }

  async list(project: string, pageSize: number, after: string | null): Promise<DatasetPage> {
    const query = this.region.db<DatasetRow>('datasets').where({ project }).orderBy('dataset_id').limit(pageSize + 1);
    if (after !== null) query.andWhere('dataset_id', '>', after);
    const rows = await query;
    const page = rows.slice(0, pageSize).map((r) => this.toDataset(r));
    return { datasets: page, nextAfter: rows.length > pageSize ? page[page.length - 1].datasetId : null };
  }

  async update(trx: Knex.Transaction, dataset: Dataset): Promise<void> {
    forgetTreeRows(this.region, `${dataset.project}/${dataset.datasetId}`, trx);
    await trx('datasets')
      .where({ project: dataset.project, dataset_id: dataset.datasetId })
      .update({ time_zone: dataset.timeZone, labels: JSON.stringify(dataset.labels) });
  }

  async delete(trx: Knex.Transaction, project: string, datasetId: string): Promise<boolean> {
    // Its stores go with it (cascade): they are below it in the cache too.
    forgetTreeRows(this.region, `${project}/${datasetId}`, trx);
    const deleted = await trx('datasets').where({ project, dataset_id: datasetId }).delete();
    return deleted > 0;
  }

  private toDataset(row: DatasetRow): Dataset {
    return {
      project: row.project,
      location: this.region.name,
      datasetId: row.dataset_id,
      timeZone: row.time_zone,
      labels: JSON.parse(row.labels) as Labels,
      createTime: row.create_time,
    };
  }
}
