import type { Knex } from 'knex';
import { invalidArgument, notFound } from '../../../engine/errors/api-error.ts';
import type { Region } from '../../../engine/regions/region.ts';
import { applyUpdateMask, validateFields } from '../../../stores/datasets/config-fields.ts';
import { assertTimeZone, DATASET_FIELDS } from '../../../stores/datasets/dataset-fields.ts';
import type { DatasetLifecycle } from '../../../stores/datasets/dataset-lifecycle.ts';
import { type Dataset, KnexDatasetRepository } from '../../../stores/datasets/dataset-repository.ts';
import type { Labels } from '../../../stores/datasets/labels.ts';
import { KnexStoreRepository } from '../../../stores/datasets/store-repository.ts';
import { datasetName } from '../../../stores/datasets/resource-names.ts';
import { assertResourceId } from '../../../stores/datasets/resource-id.ts';
import type { ApiRequest, ApiRoute } from '../api-route.ts';
import { decodePageToken, encodePageToken, parsePageSize } from '../../../engine/page-token.ts';
import { singleQuery } from '../single-query.ts';

/** Records a finished long-running operation in the same transaction and returns its JSON. */
export type RecordDoneOperation = (
  trx: Knex.Transaction,
  region: Region,
  project: string,
  datasetId: string,
  apiMethodName: string,
  response: Record<string, unknown>,
) => Promise<Record<string, unknown>>;

export interface DatasetRouteDeps {
  lifecycle: DatasetLifecycle;
  recordDoneOperation: RecordDoneOperation;
}

const DATASETS = 'projects/{project}/locations/{location}/datasets';
const DATASET = `${DATASETS}/{dataset}`;

function toDatasetJson(d: Dataset): Record<string, unknown> {
  const json: Record<string, unknown> = { name: datasetName(d.project, d.location, d.datasetId), timeZone: d.timeZone };
  if (Object.keys(d.labels).length > 0) json.labels = d.labels;
  return json;
}

async function requireDataset(request: ApiRequest, db?: Knex): Promise<Dataset> {
  const { project, dataset } = request.params;
  const found = await new KnexDatasetRepository(request.region!).get(project, dataset, db);
  if (!found) throw notFound(`dataset ${datasetName(project, request.region!.name, dataset)} not found`);
  return found;
}

export function datasetRoutes(deps: DatasetRouteDeps): ApiRoute[] {
  return [
    {
      method: 'POST',
      pattern: DATASETS,
      permission: 'healthcare.datasets.create',
      service: 'datasets',
      logType: 'ADMIN_WRITE',
      body: { kind: 'json' },
      query: ['datasetId'],
      async handler(request) {
        const datasetId = singleQuery(request.query, 'datasetId');
        if (datasetId === undefined) throw invalidArgument('datasetId is required: POST .../datasets?datasetId=ID');
        assertResourceId('dataset', datasetId);
        const fields = validateFields(DATASET_FIELDS, request.body ?? {}, '');
        const timeZone = (fields.timeZone as string | undefined) ?? 'UTC';
        assertTimeZone(timeZone);
        const region = request.region!;
        request.auditResource = datasetName(request.params.project, region.name, datasetId);
        const operation = await request.transact(async (trx) => {
          const dataset = await new KnexDatasetRepository(region).create(trx, {
            project: request.params.project,
            datasetId,
            timeZone,
            labels: (fields.labels as Labels | undefined) ?? {},
          });
          const response = { '@type': 'type.googleapis.com/google.cloud.healthcare.v1.dataset.Dataset', ...toDatasetJson(dataset) };
          return deps.recordDoneOperation(trx, region, dataset.project, datasetId, 'google.cloud.healthcare.v1.dataset.DatasetService.CreateDataset', response);
        });
        return { body: operation };
      },
    },
    {
      method: 'GET',
      pattern: DATASET,
      permission: 'healthcare.datasets.get',
      service: 'datasets',
      logType: 'ADMIN_READ',
      query: [],
      async handler(request) {
        return { body: toDatasetJson(await requireDataset(request)) };
      },
    },
    {
      method: 'GET',
      pattern: DATASETS,
      permission: 'healthcare.datasets.list',
      service: 'datasets',
      logType: 'ADMIN_READ',
      query: ['pageSize', 'pageToken'],
      async handler({ params, query, region }) {
        const pageSize = parsePageSize(singleQuery(query, 'pageSize'), 100, 1000);
        const after = decodePageToken(singleQuery(query, 'pageToken'), (v): v is string => typeof v === 'string');
        const page = await new KnexDatasetRepository(region!).list(params.project, pageSize, after);
        const body: Record<string, unknown> = { datasets: page.datasets.map(toDatasetJson) };
        if (page.nextAfter !== null) body.nextPageToken = encodePageToken(page.nextAfter);
        return { body };
      },
    },
    {
      method: 'PATCH',
      pattern: DATASET,
      permission: 'healthcare.datasets.update',
      service: 'datasets',
      logType: 'ADMIN_WRITE',
      body: { kind: 'json' },
      query: ['updateMask'],
      async handler(request) {
        const patch = validateFields(DATASET_FIELDS, request.body ?? {}, '');
        const updateMask = singleQuery(request.query, 'updateMask');
        for (const path of (updateMask ?? '').split(',').filter(Boolean)) {
          if (!['timeZone', 'labels'].includes(path.trim())) throw invalidArgument(`updateMask: field '${path}' cannot be updated; updatable fields are timeZone and labels`);
        }
        const updated = await request.transact(async (trx) => {
          const dataset = await requireDataset(request, trx);
          const current = { timeZone: dataset.timeZone, labels: dataset.labels };
          const next = applyUpdateMask(DATASET_FIELDS, current, patch, updateMask);
          const result: Dataset = { ...dataset, timeZone: (next.timeZone as string | undefined) ?? 'UTC', labels: (next.labels as Labels | undefined) ?? {} };
          assertTimeZone(result.timeZone);
          await new KnexDatasetRepository(request.region!).update(trx, result);
          return result;
        });
        return { body: toDatasetJson(updated) };
      },
    },
    {
      method: 'DELETE',
      pattern: DATASET,
      permission: 'healthcare.datasets.delete',
      service: 'datasets',
      logType: 'ADMIN_WRITE',
      query: [],
      async handler(request) {
        const { project, dataset } = request.params;
        const region = request.region!;
        await request.transact(async (trx) => {
          await requireDataset(request, trx);
          for (const store of await new KnexStoreRepository(region).listInDataset(trx, project, dataset)) {
            for (const hook of deps.lifecycle.onStoreDelete) await hook(trx, region, store);
          }
          for (const hook of deps.lifecycle.onDatasetDelete) await hook(trx, region, project, dataset);
          await new KnexDatasetRepository(region).delete(trx, project, dataset);
        });
        return { body: {} };
      },
    },
  ];
}
