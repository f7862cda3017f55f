import type { ConfigIssues } from './config-issues.ts';
import { EntryReader, type TextRule } from './entry-reader.ts';
import { RESOURCE_ID, RESOURCE_ID_RULE } from './id-patterns.ts';
import type { BootstrapDatasetConfig, BootstrapStoreConfig } from './server-config.ts';

const ID: TextRule = { pattern: RESOURCE_ID, message: RESOURCE_ID_RULE };
const STORE_TYPES = ['fhir', 'hl7v2', 'dicom'];

/** `bootstrap.datasets`: datasets and stores to create at startup, each in a configured region. */
export function readBootstrapDatasets(list: unknown[], regionNames: readonly string[], issues: ConfigIssues): BootstrapDatasetConfig[] {
  const datasets: BootstrapDatasetConfig[] = [];
  list.forEach((entry, i) => {
    const reader = EntryReader.open(entry, ['bootstrap', 'datasets', i], issues, ['project', 'location', 'id', 'timeZone', 'stores']);
    if (!reader) return;
    const dataset = readDataset(reader, regionNames);
    if (dataset && datasets.some((d) => d.project === dataset.project && d.location === dataset.location && d.id === dataset.id)) {
      reader.problem('id', `dataset ${dataset.id} is listed twice in project ${dataset.project}, location ${dataset.location}`);
    } else if (dataset) {
      datasets.push(dataset);
    }
  });
  return datasets;
}

function readDataset(reader: EntryReader, regionNames: readonly string[]): BootstrapDatasetConfig | null {
  const project = reader.text('project', ID);
  const location = reader.text('location');
  const id = reader.text('id', ID);
  const timeZone = reader.text('timeZone', undefined, 'UTC');
  const stores = readStores(reader);
  const inRegion = location !== null && regionNames.includes(location);
  if (location !== null && !inRegion) {
    reader.problem('location', `location ${location} is not a configured region; configured: ${regionNames.join(', ') || 'none'}`);
  }
  const knownZone = timeZone !== null && isTimeZone(timeZone);
  if (timeZone !== null && !knownZone) reader.problem('timeZone', 'must be an IANA time zone such as UTC or Europe/Berlin');
  return project && location && inRegion && id && timeZone && knownZone && stores ? { project, location, id, timeZone, stores } : null;
}

function readStores(dataset: EntryReader): BootstrapStoreConfig[] | null {
  const list = dataset.list('stores', []);
  if (list === null) return null;
  const stores = list.map((entry, i) => readStore(dataset.nested(['stores', i], entry, ['type', 'id', 'config'])));
  stores.forEach((store, i) => {
    if (store && stores.slice(0, i).some((s) => s?.type === store.type && s.id === store.id)) {
      dataset.problem(['stores', i, 'id'], `the ${store.type} store ${store.id} is listed twice in this dataset`);
      stores[i] = null;
    }
  });
  return stores.every((store) => store !== null) ? stores : null;
}

function readStore(reader: EntryReader | null): BootstrapStoreConfig | null {
  if (!reader) return null;
  const type = reader.text('type', { pattern: new RegExp(`^(${STORE_TYPES.join('|')})$`), message: `must be one of ${STORE_TYPES.join(', ')}` });
  const id = reader.text('id', ID);
  const config = reader.mapping('config', {});
  return type && id && config ? { type: type as BootstrapStoreConfig['type'], id, config } : null;
}

function isTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone });
    return true;
  } catch {
    return false;
  }
}
