import test from 'ava';
import { isKnownPermission, isKnownRole, listPermissions, roles, rolesGranting } from '../../../engine/iam/roles.ts';

test("Google's roles carry their documented permissions", (t) => {
  t.true(roles['roles/healthcare.fhirResourceReader'].includes('healthcare.fhirResources.get'));
  t.true(roles['roles/healthcare.fhirResourceReader'].includes('healthcare.fhirStores.searchResources'));
  t.false(roles['roles/healthcare.fhirResourceReader'].includes('healthcare.fhirResources.update'));
  t.true(roles['roles/healthcare.hl7V2Ingest'].includes('healthcare.hl7V2Messages.ingest'));
  t.false(roles['roles/healthcare.hl7V2Ingest'].includes('healthcare.hl7V2Messages.get'));
  t.true(roles['roles/healthcare.datasetAdmin'].includes('healthcare.datasets.setIamPolicy'));
  t.true(roles['roles/healthcare.dicomEditor'].includes('healthcare.dicomStores.dicomWebWrite'));
  t.false(roles['roles/healthcare.dicomViewer'].includes('healthcare.dicomStores.dicomWebWrite'));
  t.true(roles['roles/healthcare.fhirStoreAdmin'].includes('healthcare.fhirResources.purge'));
});

test('the permissions later routes use are each granted by a role', (t) => {
  const needed = [
    ...['create', 'get', 'update', 'patch', 'delete', 'purge'].map((v) => `healthcare.fhirResources.${v}`),
    ...['searchResources', 'executeBundle', 'export', 'import'].map((v) => `healthcare.fhirStores.${v}`),
    ...['create', 'ingest', 'get', 'list', 'update', 'delete'].map((v) => `healthcare.hl7V2Messages.${v}`),
    ...['dicomWebRead', 'dicomWebWrite', 'dicomWebDelete', 'import', 'export', 'deidentify'].map((v) => `healthcare.dicomStores.${v}`),
    'plexus.channels.create', 'plexus.channelMessages.getContent', 'plexus.auditLogs.list', 'plexus.metrics.get',
  ];
  for (const permission of needed) t.true(isKnownPermission(permission), permission);
});

test('plexus.admin holds every permission, and every role can test permissions', (t) => {
  t.deepEqual([...roles['roles/plexus.admin']].sort(), listPermissions());
  for (const permission of listPermissions()) t.true(rolesGranting(permission).has('roles/plexus.admin'));
  for (const role of Object.keys(roles)) t.true(roles[role].includes('plexus.iam.testPermissions'), role);
});

test('plexus.auditViewer reads the audit log and metadata but no health data', (t) => {
  const auditor = roles['roles/plexus.auditViewer'];
  t.true(auditor.includes('plexus.auditLogs.list'));
  t.true(auditor.includes('healthcare.fhirStores.get'));
  t.false(auditor.includes('healthcare.fhirResources.get'));
  t.false(auditor.includes('healthcare.dicomStores.dicomWebRead'));
  t.false(auditor.includes('plexus.channelMessages.getContent'));
});

test('unknown roles and permissions are recognized as such', (t) => {
  t.true(isKnownRole('roles/healthcare.hl7V2Editor'));
  t.false(isKnownRole('roles/owner'));
  t.false(isKnownRole('toString'));
  t.false(isKnownPermission('healthcare.nothing.done'));
  t.is(rolesGranting('healthcare.nothing.done').size, 0);
});
