import type { Knex } from 'knex';
import { invalidArgument } from '../../../engine/errors/api-error.ts';
import { applyUpdateMask, assertRequiredFields, validateFields } from '../../../stores/datasets/config-fields.ts';
import type { DatasetLifecycle } from '../../../stores/datasets/dataset-lifecycle.ts';
import type { Labels } from '../../../stores/datasets/labels.ts';
import { STORE_COLLECTIONS, storeName, type StoreType } from '../../../stores/datasets/resource-names.ts';
import { assertResourceId } from '../../../stores/datasets/resource-id.ts';
import { STORE_CONFIG_FIELDS } from '../../../stores/datasets/store-config.ts';
import { KnexStoreRepository, type LabelFilter, type StoreRecord } from '../../../stores/datasets/store-repository.ts';
import type { Permission } from '../../../engine/iam/permission.ts';
import type { ApiRequest, ApiRoute } from '../api-route.ts';
import { requireStore } from './require-store.ts';
import { decodePageToken, encodePageToken, parsePageSize } from '../../../engine/page-token.ts';
import { singleQuery } from '../single-query.ts';

/** Per store type: the path parameter, the create query parameter and the permission prefix. */
const KINDS: Record<StoreType, { param: string; idQuery: string; permissionPrefix: string; service: string }> = {
  fhir: { param: 'fhirStore', idQuery: 'fhirStoreId', permissionPrefix: 'healthcare.fhirStores', service: 'fhir' },
  hl7v2: { param: 'hl7V2Store', idQuery: 'hl7V2StoreId', permissionPrefix: 'healthcare.hl7V2Stores', service: 'hl7v2' },
  dicom: { param: 'dicomStore', idQuery: 'dicomStoreId', permissionPrefix: 'healthcare.dicomStores', service: 'dicom' },
};

function toStoreJson(store: StoreRecord): Record<string, unknown> {
  const json: Record<string, unknown> = {
    name: storeName(store.project, store.location, store.datasetId, store.type, store.storeId),
    ...store.config,
  };
  if (Object.keys(store.labels).length > 0) json.labels = store.labels;
  return json;
}

/** Split validated fields into the stored config and the labels. */
function splitFields(fields: Record<string, unknown>): { config: Record<string, unknown>; labels: Labels } {
  const { name: _name, labels, ...config } = fields;
  return { config, labels: (labels as Labels | undefined) ?? {} };
}

/** `labels.key=value` and `labels.key:*` terms joined by AND, as Google's store list filter. */
function parseLabelFilter(filter: string | undefined): LabelFilter[] {
  if (!filter) return [];
  return filter.split(/\s+AND\s+/).map((term) => {
    const m = /^labels\.("?)([\p{Ll}\p{Lo}][\p{Ll}\p{Lo}\p{N}_-]*)\1\s*(?:=\s*"?([\p{Ll}\p{Lo}\p{N}_-]*)"?|:\s*\*)$/u.exec(term.trim());
    if (!m) throw invalidArgument(`invalid filter term '${term.slice(0, 80)}': use labels.KEY="VALUE" or labels.KEY:*, joined by AND`);
    return { key: m[2], value: m[3] ?? null };
  });
}

export function storeRoutes(deps: { lifecycle: DatasetLifecycle }): ApiRoute[] {
  return (Object.keys(KINDS) as StoreType[]).flatMap((type) => routesFor(type, deps.lifecycle));
}

function routesFor(type: StoreType, lifecycle: DatasetLifecycle): ApiRoute[] {
  const kind = KINDS[type];
  const fields = STORE_CONFIG_FIELDS[type];
  const collection = `projects/{project}/locations/{location}/datasets/{dataset}/${STORE_COLLECTIONS[type]}`;
  const one = `${collection}/{${kind.param}}`;
  const permission = (verb: string) => `${kind.permissionPrefix}.${verb}` as Permission;
  const base = { service: kind.service };
  const repo = (request: ApiRequest) => new KnexStoreRepository(request.region!);
  const requireOne = (request: ApiRequest, db?: Knex): Promise<StoreRecord> => requireStore(request, type, request.params[kind.param], db);
  return [
    {
      ...base,
      method: 'POST',
      pattern: collection,
      permission: permission('create'),
      logType: 'ADMIN_WRITE',
      body: { kind: 'json' },
      query: [kind.idQuery],
      async handler(request) {
        const storeId = singleQuery(request.query, kind.idQuery);
        if (storeId === undefined) throw invalidArgument(`${kind.idQuery} is required: POST .../${STORE_COLLECTIONS[type]}?${kind.idQuery}=ID`);
        assertResourceId(kind.param, storeId);
        const validated = validateFields(fields, request.body ?? {}, '');
        assertRequiredFields(fields, validated);
        const { config, labels } = splitFields(validated);
        request.auditResource = storeName(request.params.project, request.region!.name, request.params.dataset, type, storeId);
        const store = await request.transact((trx) =>
          repo(request).create(trx, { project: request.params.project, datasetId: request.params.dataset, type, storeId, config, labels }),
        );
        return { body: toStoreJson(store) };
      },
    },
    {
      ...base,
      method: 'GET',
      pattern: one,
      permission: permission('get'),
      logType: 'ADMIN_READ',
      query: [],
      async handler(request) {
        return { body: toStoreJson(await requireOne(request)) };
      },
    },
    {
      ...base,
      method: 'GET',
      pattern: collection,
      permission: permission('list'),
      logType: 'ADMIN_READ',
      query: ['pageSize', 'pageToken', 'filter'],
      async handler(request) {
        const { query, params } = request;
        const pageSize = parsePageSize(singleQuery(query, 'pageSize'), 100, 1000);
        const after = decodePageToken(singleQuery(query, 'pageToken'), (v): v is string => typeof v === 'string');
        const labels = parseLabelFilter(singleQuery(query, 'filter'));
        const page = await repo(request).list(params.project, params.dataset, type, pageSize, after, labels);
        const body: Record<string, unknown> = { [STORE_COLLECTIONS[type]]: page.stores.map(toStoreJson) };
        if (page.nextAfter !== null) body.nextPageToken = encodePageToken(page.nextAfter);
        return { body };
      },
    },
    {
      ...base,
      method: 'PATCH',
      pattern: one,
      permission: permission('update'),
      logType: 'ADMIN_WRITE',
      body: { kind: 'json' },
      query: ['updateMask'],
      async handler(request) {
        const patch = validateFields(fields, request.body ?? {}, '');
        const updated = await request.transact(async (trx) => {
          const store = await requireOne(request, trx);
          const current = { ...store.config, ...(Object.keys(store.labels).length > 0 ? { labels: store.labels } : {}) };
          const next = splitFields(applyUpdateMask(fields, current, patch, singleQuery(request.query, 'updateMask')));
          const result = { ...store, ...next };
          await repo(request).update(trx, result);
          return result;
        });
        return { body: toStoreJson(updated) };
      },
    },
    {
      ...base,
      method: 'DELETE',
      pattern: one,
      permission: permission('delete'),
      logType: 'ADMIN_WRITE',
      query: [],
      async handler(request) {
        await request.transact(async (trx) => {
          const store = await requireOne(request, trx);
          for (const hook of lifecycle.onStoreDelete) await hook(trx, request.region!, store);
          await repo(request).delete(trx, store);
        });
        return { body: {} };
      },
    },
  ];
}
