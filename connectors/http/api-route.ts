import type { IncomingHttpHeaders } from 'node:http';
import type { Readable } from 'node:stream';
import type { Knex } from 'knex';
import type { LimitsConfig } from '../../config/server-config.ts';
import type { LogType } from '../../engine/audit/audit-entry.ts';
import type { Permission } from '../../engine/iam/permission.ts';
import type { Principal } from '../../engine/iam/principal.ts';
import type { Region } from '../../engine/regions/region.ts';
import type { SqlTx } from '../../engine/regions/sql-tx.ts';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** How a route takes its request body. */
export type BodySpec =
  | { kind: 'none' }
  /** Parsed JSON, refused with 413 above the limit and 400 when malformed. */
  | { kind: 'json'; limit?: keyof LimitsConfig }
  /** The whole body as a Buffer, up to the limit. */
  | { kind: 'raw'; limit?: keyof LimitsConfig }
  /** The request stream itself, for bodies streamed to disk (STOW). */
  | { kind: 'stream'; limit?: keyof LimitsConfig };

export interface ApiRequest {
  route: ApiRoute;
  /** Path parameters by the names in the route pattern (`project`, `location`, `dataset`, ...). */
  params: Record<string, string>;
  query: Record<string, string | string[] | undefined>;
  headers: IncomingHttpHeaders;
  body: unknown;
  stream: Readable | null;
  /** The region named by `locations/{location}`; null for routes above locations. */
  region: Region | null;
  principal: Principal;
  requestId: string;
  peer: string;
  /** The resource name the permission was checked on. */
  resource: string;
  /** `https://host/v1/`: where absolute URLs in answers (FHIR Location, fullUrl) start. */
  baseUrl: string;
  /** The resource the audit entry names; a create sets it to the new resource before writing. */
  auditResource: string;
  /** The permission the audit entry names: the route's, or the last one `requirePermission` checked. */
  auditPermission: Permission;
  /**
   * Check a further permission on the request's resource, for a part of the answer the
   * route's own permission does not cover (message content beside metadata): PERMISSION_DENIED
   * when it is not held. The audit entry then names this permission.
   */
  requirePermission(permission: Permission): Promise<void>;
  /**
   * Run a write in one transaction of the request's region; the request's audit entry is
   * written inside the same transaction, so the write and its audit row commit together.
   */
  transact<T>(fn: (trx: Knex.Transaction) => Promise<T>): Promise<T>;
  /**
   * The hot-path form of `transact`: `work` joins the region's group commit (one
   * transaction and fsync shared with concurrent requests), with the audit row inside.
   */
  commit<T>(work: (tx: SqlTx) => Promise<T>): Promise<T>;
  /** Write this request's audit row in `tx`, for work committed by other means (ingest). */
  auditIn(tx: SqlTx): Promise<void>;
}

export interface ApiResponse {
  status?: number;
  headers?: Record<string, string>;
  /** JSON-serialized unless it is a Buffer, a string or a stream. */
  body?: unknown;
}

/** One REST route. Registering a route without a permission is a startup error. */
export interface ApiRoute {
  method: HttpMethod;
  /**
   * Path below `/v1/`, Google style: `projects/{project}/locations/{location}/datasets/{dataset}:getIamPolicy`.
   * `{name}` matches one segment holding a Google resource ID; `{name**}` matches the rest of the path.
   */
  pattern: string;
  permission: Permission;
  /** Audit service (`datasets`, `hl7v2`, `fhir`, `dicom`, `iam`, `operations`, `audit`, `channels`). */
  service: string;
  logType: LogType;
  body?: BodySpec;
  /** Path parameters that are not resource IDs (a DICOMweb frame list `1,2,3`), with the form each must have. */
  paramPatterns?: Record<string, RegExp>;
  /** The query parameters the route takes; others are a 400 as in Google's API. Absent: any. */
  query?: readonly string[];
  /** The resource to check the permission on; default: the deepest project, dataset or store named in the path. */
  iamResource?: (params: Record<string, string>) => string;
  /** How errors are answered: Google's error JSON (the default) or a FHIR OperationOutcome. */
  errorFormat?: 'google' | 'fhir';
  handler(request: ApiRequest): Promise<ApiResponse>;
}
