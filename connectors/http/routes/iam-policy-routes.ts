import type { LogType } from '../../../engine/audit/audit-entry.ts';
import { invalidArgument, notFound } from '../../../engine/errors/api-error.ts';
import type { Authorizer } from '../../../engine/iam/authorizer.ts';
import { toPolicyJson } from '../../../engine/iam/iam-policy.ts';
import { parsePolicyUpdate } from '../../../engine/iam/parse-policy-update.ts';
import type { Permission } from '../../../engine/iam/permission.ts';
import type { PolicyStore } from '../../../engine/iam/policy-store.ts';
import type { Region } from '../../../engine/regions/region.ts';
import type { ApiRequest, ApiResponse, ApiRoute, HttpMethod } from '../api-route.ts';

export interface IamPolicyRouteDeps {
  policies: PolicyStore;
  /** Answers testIamPermissions with the same decisions the dispatcher makes. */
  authorizer: Authorizer;
  /** True when the dataset or store `name` exists in `region`. */
  exists: (name: string, region: Region) => Promise<boolean>;
}

/** A resource level that carries IAM policies, with the permissions Google checks there. */
interface PolicyLevel {
  pattern: string;
  kind: string;
  getPermission: Permission;
  setPermission: Permission;
}

const DATASET = 'projects/{project}/locations/{location}/datasets/{dataset}';

const LEVELS: PolicyLevel[] = [
  {
    pattern: 'projects/{project}',
    kind: 'project',
    getPermission: 'resourcemanager.projects.getIamPolicy',
    setPermission: 'resourcemanager.projects.setIamPolicy',
  },
  {
    pattern: DATASET,
    kind: 'dataset',
    getPermission: 'healthcare.datasets.getIamPolicy',
    setPermission: 'healthcare.datasets.setIamPolicy',
  },
  ...(['fhirStore', 'hl7V2Store', 'dicomStore'] as const).map((store) => ({
    pattern: `${DATASET}/${store}s/{${store}}`,
    kind: store === 'fhirStore' ? 'FHIR store' : store === 'hl7V2Store' ? 'HL7v2 store' : 'DICOM store',
    getPermission: `healthcare.${store}s.getIamPolicy` as Permission,
    setPermission: `healthcare.${store}s.setIamPolicy` as Permission,
  })),
];

/** Testing permissions needs no permission in Google; every Plexus role holds this one. */
const TEST_PERMISSION: Permission = 'plexus.iam.testPermissions';

/**
 * `:getIamPolicy` (GET or POST), `:setIamPolicy` and `:testIamPermissions` on projects,
 * datasets and the three store kinds, as in the Cloud Healthcare API.
 */
export function iamPolicyRoutes(deps: IamPolicyRouteDeps): ApiRoute[] {
  return LEVELS.flatMap((level): ApiRoute[] => {
    const route = (method: HttpMethod, verb: string, permission: Permission, logType: LogType, handler: ApiRoute['handler']): ApiRoute => ({
      method, pattern: `${level.pattern}:${verb}`, permission, service: 'iam', logType, handler,
      body: method === 'GET' ? { kind: 'none' } : { kind: 'json' },
    });
    return [
      route('GET', 'getIamPolicy', level.getPermission, 'ADMIN_READ',
        (request) => getIamPolicy(deps, level, request, firstOf(request.query['options.requestedPolicyVersion']))),
      route('POST', 'getIamPolicy', level.getPermission, 'ADMIN_READ',
        (request) => getIamPolicy(deps, level, request, requestedVersionInBody(request.body))),
      route('POST', 'setIamPolicy', level.setPermission, 'ADMIN_WRITE', (request) => setIamPolicy(deps, level, request)),
      route('POST', 'testIamPermissions', TEST_PERMISSION, 'ADMIN_READ', (request) => testIamPermissions(deps, level, request)),
    ];
  });
}

async function getIamPolicy(deps: IamPolicyRouteDeps, level: PolicyLevel, request: ApiRequest, requestedVersion: unknown): Promise<ApiResponse> {
  if (requestedVersion !== undefined && !['0', '1', '3'].includes(String(requestedVersion))) {
    throw invalidArgument(`options.requestedPolicyVersion ${JSON.stringify(requestedVersion)} is not supported; use 1 or 3`);
  }
  await assertExists(deps, level, request);
  // Fresh, not cached: a read-modify-write must start from the etag now in the database.
  return { body: toPolicyJson(await deps.policies.get(request.resource, { fresh: true })) };
}

async function setIamPolicy(deps: IamPolicyRouteDeps, level: PolicyLevel, request: ApiRequest): Promise<ApiResponse> {
  const update = parsePolicyUpdate(request.body);
  await assertExists(deps, level, request);
  // A project has no location to transact in; the dispatcher audits that write after it.
  const policy = request.region
    ? await request.transact((trx) => deps.policies.set(request.resource, update, trx))
    : await deps.policies.set(request.resource, update);
  return { body: toPolicyJson(policy) };
}

async function testIamPermissions(deps: IamPolicyRouteDeps, level: PolicyLevel, request: ApiRequest): Promise<ApiResponse> {
  const permissions = parsePermissions(request.body);
  await assertExists(deps, level, request);
  const held = await Promise.all(
    permissions.map((p) => deps.authorizer.isAllowed(request.principal, p, request.resource, request.region)),
  );
  const granted = permissions.filter((_, i) => held[i]);
  return { body: granted.length > 0 ? { permissions: granted } : {} };
}

function parsePermissions(body: unknown): Permission[] {
  const permissions = (body as { permissions?: unknown } | undefined)?.permissions;
  if (!Array.isArray(permissions)) throw invalidArgument('the request body must be {"permissions": ["service.resource.verb", ...]}');
  for (const [i, p] of permissions.entries()) {
    if (typeof p !== 'string' || !/^[a-z][A-Za-z0-9]*\.[A-Za-z0-9]+\.[A-Za-z0-9]+$/.test(p)) {
      throw invalidArgument(`permissions[${i}] must be a permission name such as healthcare.datasets.get, without wildcards`);
    }
  }
  return [...new Set(permissions as Permission[])];
}

async function assertExists(deps: IamPolicyRouteDeps, level: PolicyLevel, request: ApiRequest): Promise<void> {
  // Projects are implicit: every project ID names one.
  if (request.region && !(await deps.exists(request.resource, request.region))) {
    throw notFound(`${level.kind} ${request.resource} was not found`);
  }
}

function requestedVersionInBody(body: unknown): unknown {
  return (body as { options?: { requestedPolicyVersion?: unknown } } | undefined)?.options?.requestedPolicyVersion;
}

function firstOf(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
