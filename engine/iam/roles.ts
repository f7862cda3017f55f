import { IAM_ROLE_NAMES } from '../../config/iam-role-names.ts';
import type { Permission } from './permission.ts';

/**
 * The predefined roles and their permissions. The `roles/healthcare.*` rows follow the
 * Cloud Healthcare API's documented role table (cloud.google.com/healthcare-api/docs/
 * access-control, "Roles"), consent and annotation roles left out because Plexus has no
 * such stores. The `roles/plexus.*` rows cover what Google has no role for: channels,
 * the audit log, and an administrator holding every permission.
 *
 * Every role also holds `plexus.iam.testPermissions`, the permission the
 * `:testIamPermissions` routes declare: Google asks for no permission there, but every
 * Plexus route must name one.
 */

/** What every Cloud Healthcare API role grants besides its own permissions. */
const BASE: Permission[] = [
  'healthcare.datasets.get',
  'healthcare.datasets.list',
  'healthcare.locations.get',
  'healthcare.locations.list',
  'healthcare.operations.get',
  'resourcemanager.projects.get',
  'resourcemanager.projects.list',
  'plexus.iam.testPermissions',
];

const CANCEL: Permission = 'healthcare.operations.cancel';

const expand = (prefix: string, verbs: string[]): Permission[] => verbs.map((v) => `${prefix}.${v}` as Permission);

const healthcareRoles: Record<string, Permission[]> = {
  'roles/healthcare.datasetViewer': [...BASE],
  'roles/healthcare.datasetAdmin': [
    ...BASE,
    ...expand('healthcare.datasets', ['create', 'deidentify', 'delete', 'getIamPolicy', 'setIamPolicy', 'update']),
    CANCEL,
    'healthcare.operations.list',
  ],
  'roles/healthcare.fhirStoreViewer': [...BASE, ...expand('healthcare.fhirStores', ['get', 'list'])],
  'roles/healthcare.fhirStoreAdmin': [
    ...BASE,
    'healthcare.fhirResources.purge',
    ...expand('healthcare.fhirStores', [
      'applyConsents', 'bulkDelete', 'configureSearch', 'create', 'deidentify', 'delete', 'deleteFhirOperation',
      'explainDataAccess', 'export', 'get', 'getFhirOperation', 'getIamPolicy', 'import', 'list', 'rollback',
      'setIamPolicy', 'update',
    ]),
    CANCEL,
  ],
  'roles/healthcare.fhirResourceReader': [
    ...BASE,
    ...expand('healthcare.fhirResources', ['get', 'patientEverything', 'translateConceptMap']),
    ...expand('healthcare.fhirStores', ['executeBundle', 'get', 'list', 'searchResources']),
  ],
  'roles/healthcare.fhirResourceEditor': [
    ...BASE,
    ...expand('healthcare.fhirResources', ['create', 'delete', 'get', 'patch', 'patientEverything', 'translateConceptMap', 'update']),
    ...expand('healthcare.fhirStores', ['executeBundle', 'get', 'list', 'searchResources']),
    CANCEL,
  ],
  'roles/healthcare.dicomStoreViewer': [...BASE, ...expand('healthcare.dicomStores', ['get', 'list'])],
  'roles/healthcare.dicomStoreAdmin': [
    ...BASE,
    ...expand('healthcare.dicomStores', [
      'create', 'deidentify', 'delete', 'dicomWebDelete', 'get', 'getIamPolicy', 'list', 'setIamPolicy', 'update',
    ]),
    CANCEL,
  ],
  'roles/healthcare.dicomViewer': [...BASE, ...expand('healthcare.dicomStores', ['dicomWebRead', 'export', 'get', 'list'])],
  'roles/healthcare.dicomEditor': [
    ...BASE,
    ...expand('healthcare.dicomStores', [
      'dicomWebDelete', 'dicomWebRead', 'dicomWebUpdate', 'dicomWebWrite', 'export', 'get', 'import', 'list',
    ]),
    CANCEL,
  ],
  'roles/healthcare.hl7V2StoreViewer': [...BASE, ...expand('healthcare.hl7V2Stores', ['get', 'list'])],
  'roles/healthcare.hl7V2StoreAdmin': [
    ...BASE,
    ...expand('healthcare.hl7V2Stores', [
      'create', 'delete', 'export', 'get', 'getIamPolicy', 'import', 'list', 'rollback', 'setIamPolicy', 'update',
    ]),
    CANCEL,
  ],
  'roles/healthcare.hl7V2Ingest': [
    ...BASE,
    'healthcare.hl7V2Messages.ingest',
    ...expand('healthcare.hl7V2Stores', ['get', 'list']),
  ],
  'roles/healthcare.hl7V2Consumer': [
    ...BASE,
    ...expand('healthcare.hl7V2Messages', ['create', 'get', 'list', 'update']),
    ...expand('healthcare.hl7V2Stores', ['get', 'list']),
  ],
  'roles/healthcare.hl7V2Editor': [
    ...BASE,
    ...expand('healthcare.hl7V2Messages', ['create', 'delete', 'get', 'ingest', 'list', 'update']),
    ...expand('healthcare.hl7V2Stores', ['get', 'list']),
    CANCEL,
  ],
};

/** Channel metadata and status, without the message content (which is health data). */
const CHANNEL_READ: Permission[] = [...expand('plexus.channels', ['get', 'list']), ...expand('plexus.channelMessages', ['get', 'list'])];

const plexusRoles: Record<string, Permission[]> = {
  'roles/plexus.channelViewer': [...BASE, ...CHANNEL_READ],
  'roles/plexus.channelAdmin': [
    ...BASE,
    ...expand('plexus.channels', ['create', 'delete', 'get', 'list', 'update', 'start', 'stop', 'send']),
    ...expand('plexus.channelMessages', ['get', 'list', 'getContent', 'reprocess']),
  ],
  /** Feeds channels over HTTP (`channels/{c}:send`) and nothing else: for a sending system's account. */
  'roles/plexus.channelSender': [...BASE, 'plexus.channels.send'],
  /** Reads the audit log and every resource's metadata and IAM policy, never health data. */
  'roles/plexus.auditViewer': [
    ...BASE,
    'plexus.auditLogs.list',
    'healthcare.operations.list',
    'healthcare.datasets.getIamPolicy',
    'resourcemanager.projects.getIamPolicy',
    ...['fhirStores', 'dicomStores', 'hl7V2Stores'].flatMap((s) => expand(`healthcare.${s}`, ['get', 'list', 'getIamPolicy'])),
    ...CHANNEL_READ,
  ],
};

/** Permissions only the administrator holds: project-level IAM and the process metrics. */
const ADMIN_ONLY: Permission[] = ['resourcemanager.projects.getIamPolicy', 'resourcemanager.projects.setIamPolicy', 'plexus.metrics.get'];

const everyPermission = [...new Set([...Object.values(healthcareRoles), ...Object.values(plexusRoles), ADMIN_ONLY].flat())].sort();

/** Role name to the permissions it grants. */
export const roles: Readonly<Record<string, readonly Permission[]>> = Object.freeze({
  ...healthcareRoles,
  ...plexusRoles,
  'roles/plexus.admin': everyPermission,
});

// The config checks `iam.bindings` against config/iam-role-names.ts: both must name the same roles.
const defined = Object.keys(roles).sort().join();
if (defined !== [...IAM_ROLE_NAMES].sort().join()) throw new Error(`engine/iam/roles.ts and config/iam-role-names.ts name different roles: ${defined}`);

const roleNamesByPermission = new Map<string, Set<string>>();
for (const [role, permissions] of Object.entries(roles)) {
  for (const permission of permissions) {
    const granting = roleNamesByPermission.get(permission) ?? new Set<string>();
    roleNamesByPermission.set(permission, granting.add(role));
  }
}
const NONE: ReadonlySet<string> = new Set();

/** Every permission some role grants, sorted. */
export function listPermissions(): Permission[] {
  return [...everyPermission];
}

export function isKnownRole(role: string): boolean {
  return Object.hasOwn(roles, role);
}

export function isKnownPermission(permission: string): boolean {
  return roleNamesByPermission.has(permission);
}

/** The roles that grant a permission (empty for a permission no role has). */
export function rolesGranting(permission: string): ReadonlySet<string> {
  return roleNamesByPermission.get(permission) ?? NONE;
}
