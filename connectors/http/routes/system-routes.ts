import type { FastifyInstance } from 'fastify';
import type { Authenticator } from '../../../engine/iam/authenticator.ts';
import type { Authorizer } from '../../../engine/iam/authorizer.ts';
import type { Metrics } from '../../../engine/metrics.ts';
import type { Regions } from '../../../engine/regions/regions.ts';
import { ApiError } from '../../../engine/errors/api-error.ts';
import { toGoogleError } from '../google-error.ts';

export interface SystemRouteDeps {
  regions: Regions;
  metrics: Metrics;
  authenticator: Authenticator;
  authorizer: Authorizer;
}

/**
 * Operational endpoints outside `/v1/`. `/healthz` and `/readyz` reveal nothing but
 * liveness, so load balancers may call them without credentials; `/metrics` needs
 * `plexus.metrics.get` (any project), as Prometheus scrapers can send a bearer token.
 */
export function registerSystemRoutes(app: FastifyInstance, deps: SystemRouteDeps): void {
  app.get('/healthz', async () => ({ status: 'ok' }));
  app.get('/readyz', async (_request, reply) => {
    const checks = await Promise.all(
      deps.regions.all().map(async (region) => {
        try {
          await region.db.raw('select 1');
          return { region: region.name, ok: true };
        } catch {
          return { region: region.name, ok: false };
        }
      }),
    );
    const ready = checks.every((c) => c.ok);
    return reply.code(ready ? 200 : 503).send({ status: ready ? 'ready' : 'unavailable', regions: checks });
  });
  app.get('/metrics', async (request, reply) => {
    try {
      const principal = await deps.authenticator.authenticate(request.headers);
      if (!(await deps.authorizer.isAllowed(principal, 'plexus.metrics.get', 'projects/-', null))) {
        throw new ApiError('PERMISSION_DENIED', "permission 'plexus.metrics.get' denied");
      }
    } catch (error) {
      const { httpStatus, body } = toGoogleError(error);
      return reply.code(httpStatus).send(body);
    }
    return reply.header('content-type', deps.metrics.registry.contentType).send(await deps.metrics.registry.metrics());
  });
}
