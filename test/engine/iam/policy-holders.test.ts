import test from 'ava';
import { policyHolderOf, policyHolders } from '../../../engine/iam/policy-holders.ts';

const dataset = 'projects/p/locations/eu/datasets/d';

test('a store, its dataset and its project hold policies for what lies below', (t) => {
  t.deepEqual(policyHolders(`${dataset}/fhirStores/s/fhir/Patient/1`), [
    { name: 'projects/p', location: null },
    { name: dataset, location: 'eu' },
    { name: `${dataset}/fhirStores/s`, location: 'eu' },
  ]);
  t.deepEqual(policyHolders('projects/p/locations/eu').map((h) => h.name), ['projects/p']);
  t.deepEqual(policyHolders('projects/p/locations/eu/channels/c').map((h) => h.name), ['projects/p']);
  t.deepEqual(policyHolders(`${dataset}/operations/o`).map((h) => h.name), ['projects/p', dataset]);
  t.deepEqual(policyHolders('elsewhere/x'), []);
});

test('policyHolderOf accepts only a project, dataset or store name', (t) => {
  t.deepEqual(policyHolderOf(`${dataset}/dicomStores/s`), { name: `${dataset}/dicomStores/s`, location: 'eu' });
  t.deepEqual(policyHolderOf('projects/p'), { name: 'projects/p', location: null });
  t.is(policyHolderOf(`${dataset}/fhirStores/s/fhir`), null);
  t.is(policyHolderOf('projects/p/locations/eu'), null);
});
