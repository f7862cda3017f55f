import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Readable } from 'node:stream';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { HttpConfig, LimitsConfig } from '../../config/server-config.ts';
import type { AuditEntry } from '../../engine/audit/audit-entry.ts';
import type { AuditLog } from '../../engine/audit/audit-log.ts';
import { ApiError } from '../../engine/errors/api-error.ts';
import type { Authenticator } from '../../engine/iam/authenticator.ts';
import type { Authorizer } from '../../engine/iam/authorizer.ts';
import type { Permission } from '../../engine/iam/permission.ts';
import type { Principal } from '../../engine/iam/principal.ts';
import type { Logger } from '../../engine/logger.ts';
import type { Region } from '../../engine/regions/region.ts';
import type { Regions } from '../../engine/regions/regions.ts';
import { groupCommitterOf } from '../../engine/regions/group-commit.ts';
import { sqlTxOfKnex } from '../../engine/regions/sql-tx.ts';
import type { ApiRequest, ApiResponse, ApiRoute } from './api-route.ts';
import { ApiRouter, type RouteMatch } from './api-router.ts';
import { defaultIamResource } from './default-iam-resource.ts';
import { toGoogleError } from './google-error.ts';
import { FHIR_JSON, toOperationOutcomeError } from './operation-outcome.ts';
import type { HttpMetrics } from './http-metrics.ts';
import { limitStream, parseJsonBody, readBody } from './read-body.ts';

export interface HttpServerOptions {
  http: HttpConfig;
  limits: LimitsConfig;
  routes: ApiRoute[];
  regions: Regions;
  authenticator: Authenticator;
  authorizer: Authorizer;
  audit: AuditLog;
  logger: Logger;
  metrics?: HttpMetrics;
  /** Routes outside `/v1/` (health, readiness), registered by the composition root. */
  registerSystemRoutes?: (app: FastifyInstance) => void;
}

/** Where a request got to, for its audit entry when it fails. */
interface Progress {
  match?: RouteMatch;
  principal?: Principal;
  region?: Region | null;
  resource?: string;
  request?: ApiRequest;
  audited: boolean;
}

/**
 * The REST API: `/v1/...` dispatched through our Google-style router. Each request is
 * authenticated, its region resolved from `locations/{l}`, its permission checked before
 * the handler runs, and the outcome audited in the region of the data.
 */
export function buildHttpServer(options: HttpServerOptions): FastifyInstance {
  const router = new ApiRouter();
  for (const route of options.routes) router.add(route);
  const app = Fastify({
    loggerInstance: options.logger as unknown as FastifyBaseLogger,
    // Fastify's own request lines carry the URL, which can hold patient values (FHIR search).
    logController: new LogController({ disableRequestLogging: true }),
    // No per-request child logger: the lines written here name their request id themselves.
    childLoggerFactory: (logger) => logger,
    genReqId: (req) => headerRequestId(req.headers['x-request-id']) ?? randomUUID(),
    requestTimeout: options.http.requestTimeoutMs,
    bodyLimit: Math.max(options.limits.default, options.limits.fhirBundle),
    ...(options.http.tls ? { https: httpsOptions(options.http) } : {}),
  });
  app.server.maxConnections = options.http.maxConnections;
  // Bodies are read by the dispatcher, per route, with that route's limit.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', (_request, payload, done) => done(null, payload));
  options.registerSystemRoutes?.(app);
  app.route({
    method: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'],
    url: '/v1/*',
    handler: (request, reply) => dispatch(options, router, request, reply),
  });
  app.setNotFoundHandler((request, reply) => {
    const { httpStatus, body } = toGoogleError(new ApiError('NOT_FOUND', `no API resource at ${request.url.split('?')[0]}`));
    void reply.code(httpStatus).header('x-request-id', request.id).send(body);
  });
  return app;
}

async function dispatch(options: HttpServerOptions, router: ApiRouter, request: FastifyRequest, reply: FastifyReply) {
  const started = process.hrtime.bigint();
  const progress: Progress = { audited: false };
  let status = 500;
  try {
    const response = await handle(options, router, request, progress);
    status = response.status ?? 200;
    sendResponse(reply, request.id, status, response);
  } catch (error) {
    const failure = asSystemFailure(error, progress.region ?? options.regions.primary);
    const fhir = progress.match?.route.errorFormat === 'fhir';
    const { httpStatus, body } = fhir ? toOperationOutcomeError(failure) : toGoogleError(failure);
    if (fhir) void reply.header('content-type', FHIR_JSON);
    status = httpStatus;
    if (httpStatus >= 500) request.log.error({ err: error, requestId: request.id }, 'request failed');
    // A body left unread (refused before or while reading it) is not drained: the connection goes.
    if (!request.raw.complete) void reply.header('connection', 'close');
    if (!reply.sent) void reply.code(httpStatus).header('x-request-id', request.id).send(body);
  } finally {
    if (progress.match && !progress.audited) auditAfter(options, request, progress, status);
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const route = progress.match?.route.pattern ?? 'unmatched';
    options.metrics?.observeRequest(request.method, route, status, seconds);
    request.log.info({ requestId: request.id, method: request.method, route, status, ms: Math.round(seconds * 1e4) / 10 }, 'request');
  }
  // Fastify ends a reply still unsent when an async handler resolves; a streamed body is sent later.
  return reply;
}

async function handle(options: HttpServerOptions, router: ApiRouter, request: FastifyRequest, progress: Progress): Promise<ApiResponse> {
  const path = request.url.slice('/v1/'.length).split('?')[0];
  const match = router.match(request.method, path);
  progress.match = match;
  const { route, params } = match;
  const principal = await options.authenticator.authenticate(request.headers);
  progress.principal = principal;
  const region = params.location !== undefined ? options.regions.get(params.location) : null;
  progress.region = region;
  const resource = route.iamResource?.(params) ?? defaultIamResource(params);
  progress.resource = resource;
  if (!(await options.authorizer.isAllowed(principal, route.permission, resource, region))) throw permissionDenied(route.permission, resource);
  assertAuditable(options, route, region ?? options.regions.primary);
  assertKnownQuery(route, request.query as Record<string, unknown>);
  const { body, stream } = await takeBody(route, request, options.limits);
  const apiRequest: ApiRequest = {
    route,
    params,
    query: request.query as ApiRequest['query'],
    headers: request.headers,
    body,
    stream,
    region,
    principal,
    requestId: request.id,
    peer: request.ip,
    baseUrl: `${request.protocol}://${request.host}/v1/`,
    resource,
    auditResource: resource,
    auditPermission: route.permission,
    requirePermission: async (permission) => {
      apiRequest.auditPermission = permission;
      if (!(await options.authorizer.isAllowed(principal, permission, resource, region))) throw permissionDenied(permission, resource);
    },
    // Writes above locations (project IAM policies) go to the primary region, as their audit rows do.
    transact: (fn) => {
      const home = region ?? options.regions.primary;
      return durably(home, () => home.db.transaction(async (trx) => {
        const result = await fn(trx);
        if (options.audit.isEnabled(route.service, route.logType)) {
          await options.audit.recordIn(await sqlTxOfKnex(trx, home), auditEntry(request, progress, 200));
        }
        progress.audited = true;
        return result;
      }));
    },
    commit: (work) => groupCommitterOf(region ?? options.regions.primary).commit(async (tx) => {
      const result = await work(tx);
      await apiRequest.auditIn(tx);
      return result;
    }),
    auditIn: async (tx) => {
      if (options.audit.isEnabled(route.service, route.logType)) await options.audit.recordIn(tx, auditEntry(request, progress, 200));
      tx.afterCommit(() => {
        progress.audited = true;
      });
    },
  };
  progress.request = apiRequest;
  return route.handler(apiRequest);
}

/** What would be audited is refused while the audit log cannot keep up (its database failing): nothing unaudited is served. */
function assertAuditable(options: HttpServerOptions, route: ApiRoute, region: Region): void {
  const audited = route.logType === 'ADMIN_WRITE' || options.audit.isEnabled(route.service, route.logType);
  if (audited && options.audit.isBacklogged(region)) {
    throw new ApiError('UNAVAILABLE', `the audit log of location ${region.name} cannot be written (its database is failing); retry later`);
  }
}

function permissionDenied(permission: Permission, resource: string): ApiError {
  return new ApiError('PERMISSION_DENIED', `permission '${permission}' denied on resource '${resource}' (or it may not exist)`);
}

async function takeBody(route: ApiRoute, request: FastifyRequest, limits: LimitsConfig): Promise<{ body: unknown; stream: Readable | null }> {
  const spec = route.body ?? { kind: 'none' };
  const payload = request.body as Readable | undefined;
  if (spec.kind === 'none' || !payload) return { body: undefined, stream: null };
  const limit = limits[spec.limit ?? 'default'];
  if (spec.kind === 'stream') return { body: undefined, stream: limitStream(payload, request.headers, limit) };
  const buffer = await readBody(payload, request.headers, limit);
  return { body: spec.kind === 'json' ? parseJsonBody(buffer) : buffer, stream: null };
}

/** A database that is down or failing is a 503, so clients retry, rather than a 500. */
function asSystemFailure(error: unknown, region: Region): unknown {
  if (error instanceof ApiError || !region.dialect.isUnavailable(error)) return error;
  return new ApiError('UNAVAILABLE', `the database of location ${region.name} is unavailable; retry later`);
}

/** Run a write and answer only once it is durable (SQLite syncs its WAL off the event loop). */
async function durably<T>(region: Region, write: () => Promise<T>): Promise<T> {
  const result = await write();
  await region.durable();
  return result;
}

/** Google's system parameters, accepted on every route. */
const SYSTEM_QUERY = new Set(['alt', 'prettyPrint', 'fields', 'key', 'access_token', '$.xgafv', 'callback', 'quotaUser', 'upload_protocol', 'uploadType']);

function assertKnownQuery(route: ApiRoute, query: Record<string, unknown>): void {
  if (!route.query) return;
  for (const name of Object.keys(query)) {
    if (!route.query.includes(name) && !SYSTEM_QUERY.has(name)) {
      throw new ApiError('INVALID_ARGUMENT', `Invalid JSON payload received. Unknown name "${name.slice(0, 64)}": Cannot bind query parameter.`);
    }
  }
}

function sendResponse(reply: FastifyReply, requestId: string, status: number, response: ApiResponse): void {
  void reply.code(status).header('x-request-id', requestId);
  for (const [name, value] of Object.entries(response.headers ?? {})) void reply.header(name, value);
  const body = response.body;
  if (body === undefined) {
    void reply.send();
  } else if (Buffer.isBuffer(body) || typeof body === 'string' || typeof (body as Readable).pipe === 'function') {
    void reply.send(body);
  } else {
    if (!reply.hasHeader('content-type')) void reply.header('content-type', 'application/json; charset=utf-8');
    void reply.send(JSON.stringify(body));
  }
}

function auditAfter(options: HttpServerOptions, request: FastifyRequest, progress: Progress, status: number): void {
  const route = progress.match!.route;
  const adminWrite = route.logType === 'ADMIN_WRITE';
  // Failed authentication and refusals are always kept: they are security events.
  if (!adminWrite && status < 400 && !options.audit.isEnabled(route.service, route.logType)) return;
  const region = progress.region ?? options.regions.primary;
  options.audit.record(region, auditEntry(request, progress, status));
}

function auditEntry(request: FastifyRequest, progress: Progress, status: number): AuditEntry {
  const route = progress.match!.route;
  return {
    time: new Date().toISOString(),
    principal: progress.principal?.id ?? 'unauthenticated',
    permission: progress.request?.auditPermission ?? route.permission,
    resource: progress.request?.auditResource ?? progress.resource ?? request.url.split('?')[0].slice('/v1/'.length),
    method: `${route.method} ${route.pattern}`,
    status,
    requestId: request.id,
    peer: request.ip,
    logType: route.logType,
    service: route.service,
  };
}

function headerRequestId(value: string | string[] | undefined): string | null {
  const id = Array.isArray(value) ? value[0] : value;
  return id && /^[\w.-]{1,128}$/.test(id) ? id : null;
}

function httpsOptions(http: HttpConfig) {
  const tls = http.tls!;
  return {
    cert: readFileSync(tls.cert),
    key: readFileSync(tls.key),
    ...(tls.ca ? { ca: readFileSync(tls.ca) } : {}),
    requestCert: tls.requestClientCert,
    rejectUnauthorized: tls.requestClientCert,
  };
}
