import { notFound } from '../../../engine/errors/api-error.ts';
import { operationName } from '../../../engine/operations/operation.ts';
import { toOperationJson } from '../../../engine/operations/operation-json.ts';
import { OPERATION_PAGE_SIZE, type OperationStore } from '../../../engine/operations/operation-store.ts';
import type { Region } from '../../../engine/regions/region.ts';
import type { Regions } from '../../../engine/regions/regions.ts';
import type { ApiRequest, ApiRoute } from '../api-route.ts';
import { parsePageSize } from '../../../engine/page-token.ts';
import { singleQuery } from '../single-query.ts';

export interface OperationRouteDeps {
  store: OperationStore;
  regions: Regions;
  datasetExists: (region: Region, project: string, dataset: string) => Promise<boolean>;
}

const OPERATIONS = 'projects/{project}/locations/{location}/datasets/{dataset}/operations';
const OPERATION = `${OPERATIONS}/{operation}`;

/** Google's `projects.locations.datasets.operations`: get, list and cancel. */
export function operationRoutes(deps: OperationRouteDeps): ApiRoute[] {
  return [getOperationRoute(deps), listOperationsRoute(deps), cancelOperationRoute(deps)];
}

function getOperationRoute(deps: OperationRouteDeps): ApiRoute {
  return {
    method: 'GET',
    pattern: OPERATION,
    permission: 'healthcare.operations.get',
    service: 'operations',
    logType: 'ADMIN_READ',
    query: [],
    async handler(request) {
      const region = await requireDataset(deps, request);
      const { project, dataset, operation } = request.params;
      request.auditResource = operationName(project, region.name, dataset, operation);
      return { body: toOperationJson(await deps.store.get(region, project, dataset, operation)) };
    },
  };
}

function listOperationsRoute(deps: OperationRouteDeps): ApiRoute {
  return {
    method: 'GET',
    pattern: OPERATIONS,
    permission: 'healthcare.operations.list',
    service: 'operations',
    logType: 'ADMIN_READ',
    query: ['filter', 'pageSize', 'pageToken'],
    async handler(request) {
      const region = await requireDataset(deps, request);
      const page = await deps.store.list(region, request.params.project, request.params.dataset, {
        filter: singleQuery(request.query, 'filter'),
        pageSize: parsePageSize(singleQuery(request.query, 'pageSize'), OPERATION_PAGE_SIZE.default, OPERATION_PAGE_SIZE.max),
        pageToken: singleQuery(request.query, 'pageToken'),
      });
      // Proto3 JSON, as Google answers: an empty list and a last page's token are left out.
      const body: { operations?: unknown[]; nextPageToken?: string } = {};
      if (page.operations.length > 0) body.operations = page.operations.map(toOperationJson);
      if (page.nextPageToken) body.nextPageToken = page.nextPageToken;
      return { body };
    },
  };
}

function cancelOperationRoute(deps: OperationRouteDeps): ApiRoute {
  return {
    method: 'POST',
    pattern: `${OPERATION}:cancel`,
    permission: 'healthcare.operations.cancel',
    service: 'operations',
    logType: 'ADMIN_WRITE',
    body: { kind: 'json' },
    query: [],
    async handler(request) {
      const region = await requireDataset(deps, request);
      const { project, dataset, operation } = request.params;
      request.auditResource = operationName(project, region.name, dataset, operation);
      await request.transact((trx) => deps.store.requestCancel(region, project, dataset, operation, trx));
      // google.protobuf.Empty: cancellation is best effort; the operation tells how it ended.
      return { body: {} };
    },
  };
}

async function requireDataset(deps: OperationRouteDeps, request: ApiRequest): Promise<Region> {
  const { project, location, dataset } = request.params;
  const region = deps.regions.get(location);
  if (!(await deps.datasetExists(region, project, dataset))) {
    throw notFound(`dataset projects/${project}/locations/${location}/datasets/${dataset} not found`);
  }
  return region;
}
