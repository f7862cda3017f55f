import type { TestEngine } from './test-engine.ts';
import { uniqueId } from './test-region.ts';

/**
 * A new dataset `d` with one R4 FHIR store `s` configured as given, in a project of its own
 * (or `project`, in `location`); returns the store's FHIR base below the engine URL.
 */
export async function newFhirStore(engine: TestEngine, config: Record<string, unknown> = {}, project = uniqueId('p'), location = 'local'): Promise<string> {
  const base = `/v1/projects/${project}/locations/${location}/datasets`;
  await engine.api(`${base}?datasetId=d`, { method: 'POST', body: '{}' });
  const res = await engine.api(`${base}/d/fhirStores?fhirStoreId=s`, { method: 'POST', body: JSON.stringify({ version: 'R4', ...config }) });
  if (res.status !== 200) throw new Error(`FHIR store create: ${res.status} ${await res.text()}`);
  return `${base}/d/fhirStores/s/fhir`;
}
