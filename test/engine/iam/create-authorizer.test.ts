import test from 'ava';
import { createAuthorizer } from '../../../engine/iam/create-authorizer.ts';
import { iamMigrations } from '../../../engine/iam/iam-migrations.ts';
import { createPolicyStore } from '../../../engine/iam/knex-policy-store.ts';
import { anonymous, type Principal } from '../../../engine/iam/principal.ts';
import { closeRegion } from '../../../engine/regions/open-region.ts';
import { Regions } from '../../../engine/regions/regions.ts';
import { openTestRegion, uniqueId } from '../../helpers/test-region.ts';

const primary = await openTestRegion(iamMigrations, 'us');
const eu = await openTestRegion(iamMigrations, 'eu');
const regions = new Regions([primary, eu]);
test.after.always(async () => Promise.all([closeRegion(primary), closeRegion(eu)]));

const policies = createPolicyStore(regions, { ttlMs: 3_600_000 });
const authorizer = createAuthorizer({ policies, bindings: [], authMode: 'apiKey' });
const user = (email: string): Principal => ({ id: `user:${email}`, authenticated: true });

function tree() {
  const project = `projects/${uniqueId('p')}`;
  const dataset = `${project}/locations/eu/datasets/${uniqueId('d')}`;
  const store = `${dataset}/fhirStores/${uniqueId('s')}`;
  return { project, dataset, store, resource: `${store}/fhir/Patient/1` };
}

test('a binding on the project, the dataset or the store grants down the tree, never up', async (t) => {
  const { project, dataset, store } = tree();
  const [onProject, onDataset, onStore] = [user('p@x.org'), user('d@x.org'), user('s@x.org')];
  const reader = 'roles/healthcare.fhirResourceReader';
  await policies.set(project, { bindings: [{ role: reader, members: [onProject.id] }] });
  await policies.set(dataset, { bindings: [{ role: reader, members: [onDataset.id] }] });
  await policies.set(store, { bindings: [{ role: reader, members: [onStore.id] }] });
  const can = (who: Principal, resource: string) => authorizer.isAllowed(who, 'healthcare.fhirResources.get', resource, eu);
  for (const who of [onProject, onDataset, onStore]) t.true(await can(who, store), who.id);
  t.true(await can(onDataset, `${store}/fhir/Patient/1`));
  t.false(await can(onStore, dataset));
  t.false(await can(onDataset, project));
  t.false(await can(onStore, store.replace(/fhirStores\/.*/, 'fhirStores/other')));
});

test('a role grants only its own permissions', async (t) => {
  const { dataset, store } = tree();
  const alice = user('alice@x.org');
  await policies.set(dataset, { bindings: [{ role: 'roles/healthcare.fhirResourceReader', members: [alice.id] }] });
  t.true(await authorizer.isAllowed(alice, 'healthcare.fhirStores.searchResources', store, eu));
  t.false(await authorizer.isAllowed(alice, 'healthcare.fhirResources.update', store, eu));
  t.false(await authorizer.isAllowed(alice, 'healthcare.datasets.setIamPolicy', dataset, eu));
  t.false(await authorizer.isAllowed(alice, 'healthcare.unknown.permission', store, eu));
});

test('members compare e-mails without case; a principal with no binding is refused', async (t) => {
  const { dataset } = tree();
  await policies.set(dataset, { bindings: [{ role: 'roles/healthcare.datasetViewer', members: ['user:Alice@X.org'] }] });
  t.true(await authorizer.isAllowed(user('alice@x.org'), 'healthcare.datasets.get', dataset, eu));
  t.false(await authorizer.isAllowed(user('bob@x.org'), 'healthcare.datasets.get', dataset, eu));
});

test('allUsers covers everyone, allAuthenticatedUsers only the authenticated', async (t) => {
  const { dataset, store } = tree();
  await policies.set(dataset, { bindings: [{ role: 'roles/healthcare.datasetViewer', members: ['allAuthenticatedUsers'] }] });
  await policies.set(store, { bindings: [{ role: 'roles/healthcare.fhirResourceReader', members: ['allUsers'] }] });
  t.true(await authorizer.isAllowed(user('x@y.org'), 'healthcare.datasets.get', dataset, eu));
  t.false(await authorizer.isAllowed(anonymous, 'healthcare.datasets.get', dataset, eu));
  t.true(await authorizer.isAllowed(anonymous, 'healthcare.fhirResources.get', store, eu));
});

test('config bindings apply to every project (*) or to one', async (t) => {
  const a = tree();
  const b = tree();
  const configured = createAuthorizer({
    policies,
    authMode: 'jwt',
    bindings: [
      { role: 'roles/plexus.auditViewer', members: ['user:auditor@x.org'], project: '*' },
      { role: 'roles/plexus.admin', members: ['serviceAccount:ops@x.org'], project: a.project.split('/')[1] },
    ],
  });
  const ops = { id: 'serviceAccount:ops@x.org', authenticated: true };
  t.true(await configured.isAllowed(user('auditor@x.org'), 'plexus.auditLogs.list', 'projects/any/locations/eu', eu));
  t.false(await configured.isAllowed(user('auditor@x.org'), 'healthcare.fhirResources.get', a.store, eu));
  t.true(await configured.isAllowed(ops, 'healthcare.fhirResources.delete', a.store, eu));
  t.true(await configured.isAllowed(ops, 'resourcemanager.projects.setIamPolicy', a.project, null));
  t.false(await configured.isAllowed(ops, 'healthcare.fhirResources.delete', b.store, eu));
});

test('a local policy change takes effect at once', async (t) => {
  const { dataset } = tree();
  const carol = user('carol@x.org');
  t.false(await authorizer.isAllowed(carol, 'healthcare.datasets.get', dataset, eu));
  await policies.set(dataset, { bindings: [{ role: 'roles/healthcare.datasetViewer', members: [carol.id] }] });
  t.true(await authorizer.isAllowed(carol, 'healthcare.datasets.get', dataset, eu));
  await policies.set(dataset, { bindings: [] });
  t.false(await authorizer.isAllowed(carol, 'healthcare.datasets.get', dataset, eu));
});

test('with authentication off, the anonymous principal may do everything', async (t) => {
  const open = createAuthorizer({ policies, bindings: [], authMode: 'none' });
  t.true(await open.isAllowed(anonymous, 'resourcemanager.projects.setIamPolicy', 'projects/p', null));
  t.true(await open.isAllowed(anonymous, 'healthcare.fhirResources.delete', tree().store, eu));
});

test('a config binding with an unknown role or a malformed member fails at startup', (t) => {
  t.throws(() => createAuthorizer({ policies, authMode: 'apiKey', bindings: [{ role: 'roles/owner', members: ['allUsers'], project: '*' }] }), { message: /iam\.bindings\[0\]\.role/ });
  t.throws(() => createAuthorizer({ policies, authMode: 'apiKey', bindings: [{ role: 'roles/plexus.admin', members: ['bob'], project: '*' }] }), { message: /iam\.bindings\[0\]\.members\[0\]/ });
});
