import { dirname, resolve } from 'node:path';
import { applyServerSchema } from './apply-server-schema.ts';
import { checkListenerSafety } from './check-listener-safety.ts';
import { checkServerFiles } from './check-server-files.ts';
import { ConfigIssues } from './config-issues.ts';
import { ConfigSource } from './config-source.ts';
import type { ListenerSocket } from './listeners-overlap.ts';
import { readApiKeys } from './read-api-keys.ts';
import { readAuditServices } from './read-audit-services.ts';
import { readBootstrapDatasets } from './read-bootstrap-datasets.ts';
import { readChannels } from './read-channels.ts';
import { readConfigMapping, readConfigText } from './read-config-file.ts';
import { readIamBindings } from './read-iam-bindings.ts';
import { readJwt } from './read-jwt.ts';
import { readLimits } from './read-limits.ts';
import { readDimseListeners } from './read-dimse-listeners.ts';
import { readMllpListeners } from './read-mllp-listeners.ts';
import { readNotifications } from './read-notifications.ts';
import { readRegions } from './read-regions.ts';
import { readTls } from './read-tls.ts';
import { envOrigins } from './schema-nodes.ts';
import type { ServerConfigProperties } from './server-config-schema.ts';
import type { ServerConfig } from './server-config.ts';

/**
 * Load and validate `plexus.yaml` with the environment's overrides (`PLEXUS_HTTP_PORT`, ...).
 * Relative paths resolve against the file's folder. Throws a ConfigError listing every
 * problem, each with its key and, when the key is in the file, its line.
 */
export function loadServerConfig(file: string, env: NodeJS.ProcessEnv = process.env): ServerConfig {
  const path = resolve(file);
  const source = ConfigSource.parse(path, readConfigText(path, 'config file'));
  const issues = new ConfigIssues(source, envOrigins(env));
  const data = readConfigMapping(source, issues, 'http, regions and auth');
  const config = buildServerConfig(applyServerSchema(data, env, issues), path, env, issues);
  checkServerFiles(config, issues);
  issues.throwIfAny();
  return config;
}

function buildServerConfig(p: ServerConfigProperties, file: string, env: NodeJS.ProcessEnv, issues: ConfigIssues): ServerConfig {
  const resolvePath = (value: string): string => resolve(dirname(file), value);
  const config: ServerConfig = {
    file,
    http: { ...p.http, tls: readTls(p.http.tls, ['http', 'tls'], issues, resolvePath) },
    limits: readLimits(p.limits, env, issues),
    regions: readRegions(p.regions, issues, resolvePath),
    auth: {
      mode: p.auth.mode,
      apiKeys: readApiKeys(p.auth.apiKeys, issues),
      jwt: readJwt(p.auth.jwt, p.auth.mode, issues, resolvePath),
    },
    iam: { bindings: readIamBindings(p.iam.bindings, issues) },
    audit: { ...p.audit, services: readAuditServices(p.audit.services, issues) },
    channels: readChannels(p.channels, issues, resolvePath),
    mllp: readMllpListeners(p.mllp, { regionNames: Object.keys(p.regions), http: httpSocket(p.http, issues), resolvePath }, issues),
    dimse: [],
    bootstrap: { datasets: readBootstrapDatasets(p.bootstrap.datasets, Object.keys(p.regions), issues) },
    log: p.log,
    operations: p.operations,
    notifications: readNotifications(p.notifications, issues),
  };
  config.dimse = readDimseListeners(p.dimse, { regionNames: Object.keys(p.regions), taken: takenSockets(config, issues), resolvePath }, issues);
  if (config.auth.mode === 'apiKey' && p.auth.apiKeys.length === 0) {
    issues.add(['auth', 'apiKeys'], 'at least one key is required when auth.mode is apiKey');
  }
  checkListenerSafety(config, issues);
  return config;
}

/** The sockets of the HTTP API and the MLLP listeners, which DIMSE listeners may not take. */
function takenSockets(config: ServerConfig, issues: ConfigIssues): Array<[string, ListenerSocket]> {
  const http = issues.hasIssueAt(['http', 'host']) || issues.hasIssueAt(['http', 'port']) ? null : { host: config.http.host, port: config.http.port };
  return [...(http ? [['the HTTP API', http] as [string, ListenerSocket]] : []), ...config.mllp.map((listener, i): [string, ListenerSocket] => [`mllp[${i}]`, listener])];
}

/** The HTTP API's socket, when its host and port are right. */
function httpSocket(http: ServerConfigProperties['http'], issues: ConfigIssues): ListenerSocket | null {
  return issues.hasIssueAt(['http', 'host']) || issues.hasIssueAt(['http', 'port']) ? null : { host: http.host, port: http.port };
}
