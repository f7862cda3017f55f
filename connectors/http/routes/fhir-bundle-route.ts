import { invalidArgument } from '../../../engine/errors/api-error.ts';
import type { Permission } from '../../../engine/iam/permission.ts';
import type { ApiRequest, ApiResponse, ApiRoute } from '../api-route.ts';
import type { BundleMethod } from '../fhir-bundle-entry.ts';
import { FhirBundleExecutor } from '../execute-fhir-bundle.ts';
import { parseFhirResource, requireFhirStore } from '../fhir-request.ts';
import { FHIR_JSON } from '../operation-outcome.ts';
import { conditionally, FHIR, fhirRoute } from './fhir-resource-routes.ts';

/** The permission each kind of entry needs besides executeBundle, as Google checks it. */
const ENTRY_PERMISSION: Record<BundleMethod, Permission> = {
  GET: 'healthcare.fhirResources.get',
  HEAD: 'healthcare.fhirResources.get',
  POST: 'healthcare.fhirResources.create',
  PUT: 'healthcare.fhirResources.update',
  PATCH: 'healthcare.fhirResources.patch',
  DELETE: 'healthcare.fhirResources.delete',
};

/**
 * `POST .../fhir` with a `batch` or `transaction` Bundle. A transaction is one database
 * transaction: all of it or nothing. Without conditional entries it joins the region's
 * group commit; with them it runs alone, serialized for the types it touches.
 */
async function executeBundle(request: ApiRequest): Promise<ApiResponse> {
  const store = await requireFhirStore(request);
  const bundle = parseFhirResource(request, 'Bundle');
  if (bundle.type !== 'batch' && bundle.type !== 'transaction') throw invalidArgument(`a Bundle posted to the store's base must be of type batch or transaction, not ${String(bundle.type)}`);
  const executor = new FhirBundleExecutor(request, store);
  const entries = executor.parseEntries(bundle);
  for (const method of new Set(entries.map((e) => e.method))) await request.requirePermission(ENTRY_PERMISSION[method]);
  request.auditPermission = 'healthcare.fhirStores.executeBundle';
  const run = bundle.type === 'transaction' ? executor.transaction.bind(executor) : executor.batch.bind(executor);
  const response = FhirBundleExecutor.isConditional(entries)
    ? await conditionally(request, store, [...new Set(entries.map((e) => e.type))], (tx) => run(tx, entries))
    : await request.commit((tx) => run(tx, entries));
  return { headers: { 'content-type': FHIR_JSON }, body: response };
}

export function fhirBundleRoute(): ApiRoute {
  return { ...fhirRoute, method: 'POST', pattern: FHIR, permission: 'healthcare.fhirStores.executeBundle', logType: 'DATA_WRITE', body: { kind: 'raw', limit: 'fhirBundle' }, handler: executeBundle };
}
