import { r4SearchParameters } from '../../../stores/fhir/search/fhir-search-parameters.ts';
import { R4_RESOURCE_TYPES } from '../../../transforms/validation/check-fhir-structure.ts';
import type { ApiRequest, ApiResponse, ApiRoute } from '../api-route.ts';
import { fhirBase, requireFhirStore } from '../fhir-request.ts';
import { FHIR_JSON } from '../operation-outcome.ts';
import { FHIR, fhirRoute } from './fhir-resource-routes.ts';

const INTERACTIONS = ['read', 'vread', 'update', 'delete', 'history-instance', 'history-type', 'create', 'search-type'];

/** The CapabilityStatement of a store, built from what the routes and the search index really do. */
async function capabilities(request: ApiRequest): Promise<ApiResponse> {
  const store = await requireFhirStore(request);
  const parameters = r4SearchParameters();
  const resources = [...R4_RESOURCE_TYPES].sort().map((type) => ({
    type,
    interaction: INTERACTIONS.map((code) => ({ code })),
    versioning: store.config.disableResourceVersioning === true ? 'no-version' : 'versioned-update',
    readHistory: store.config.disableResourceVersioning !== true,
    updateCreate: store.config.enableUpdateCreate === true,
    conditionalCreate: true,
    conditionalUpdate: true,
    conditionalDelete: 'single',
    referencePolicy: ['literal', 'local'],
    searchParam: parameters.describe(type).map(({ code, type: t }) => ({ name: code, type: t })),
  }));
  return {
    headers: { 'content-type': FHIR_JSON },
    body: {
      resourceType: 'CapabilityStatement',
      status: 'active',
      date: new Date().toISOString(),
      kind: 'instance',
      software: { name: 'Plexus' },
      implementation: { description: `FHIR store ${store.storeId}`, url: fhirBase(request, store) },
      fhirVersion: '4.0.1',
      format: ['json'],
      rest: [{
        mode: 'server',
        resource: resources,
        interaction: [{ code: 'history-system' }, { code: 'search-system' }],
        searchParam: [{ name: '_id', type: 'token' }, { name: '_lastUpdated', type: 'date' }, { name: '_tag', type: 'token' }, { name: '_security', type: 'token' }, { name: '_profile', type: 'uri' }, { name: '_type', type: 'token' }],
      }],
    },
  };
}

export function fhirCapabilitiesRoute(): ApiRoute {
  return { ...fhirRoute, method: 'GET', pattern: `${FHIR}/metadata`, permission: 'healthcare.fhirStores.get', logType: 'DATA_READ', handler: capabilities };
}
