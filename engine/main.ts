import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import type { AlertsConfig, ChannelConfig, DestinationConfig } from '../config/channel-config.ts';
import { isDicomStoreName } from '../config/read-store-name.ts';
import { loadChannelConfig } from '../config/load-channel-config.ts';
import { loadChannelConfigs } from '../config/load-channel-configs.ts';
import type { ServerConfig } from '../config/server-config.ts';
import type { ApiRoute } from '../connectors/http/api-route.ts';
import { DirectorySource } from '../connectors/files/directory-source.ts';
import { HttpChannelSource } from '../connectors/http/http-channel-source.ts';
import { channelMessageRoutes } from '../connectors/http/routes/channel-message-routes.ts';
import { channelRoutes } from '../connectors/http/routes/channel-routes.ts';
import { MllpChannelSource } from '../connectors/mllp/mllp-channel-source.ts';
import { MllpForwardDestination } from '../connectors/mllp/mllp-forward-destination.ts';
import { HttpForwardDestination } from '../connectors/http/http-forward-destination.ts';
import { NatsForwardDestination } from '../connectors/nats/nats-forward-destination.ts';
import { DimseForwardDestination } from '../connectors/dimse/dimse-forward-destination.ts';
import { DimseChannelSource } from '../connectors/dimse/dimse-channel-source.ts';
import { createDimseStoreListener } from '../connectors/dimse/dimse-store-listener.ts';
import { createMllpStoreListener } from '../connectors/mllp/mllp-store-ingest.ts';
import { buildHttpServer } from '../connectors/http/http-server.ts';
import { auditLogRoutes } from '../connectors/http/routes/audit-log-routes.ts';
import { datasetRoutes, type RecordDoneOperation } from '../connectors/http/routes/dataset-routes.ts';
import { dicomWebBulkDataRoute } from '../connectors/http/routes/dicomweb-bulkdata-route.ts';
import { dicomWebDeleteRoutes } from '../connectors/http/routes/dicomweb-delete-routes.ts';
import { DICOM_DELETE_KIND, deleteDicomScopeOperation } from '../stores/dicom/delete-dicom-scope-operation.ts';
import { dicomWebFrameRoutes } from '../connectors/http/routes/dicomweb-frame-routes.ts';
import { dicomWebQidoRoutes } from '../connectors/http/routes/dicomweb-qido-routes.ts';
import { dicomWebStowRoutes } from '../connectors/http/routes/dicomweb-stow-route.ts';
import { dicomWebWadoRoutes } from '../connectors/http/routes/dicomweb-wado-routes.ts';
import { fhirBundleRoute } from '../connectors/http/routes/fhir-bundle-route.ts';
import { fhirCapabilitiesRoute } from '../connectors/http/routes/fhir-capabilities-route.ts';
import { fhirResourceRoutes } from '../connectors/http/routes/fhir-resource-routes.ts';
import { fhirPatientEverythingRoute, fhirSearchRoutes } from '../connectors/http/routes/fhir-search-routes.ts';
import { hl7v2MessageRoutes } from '../connectors/http/routes/hl7v2-message-routes.ts';
import { hl7v2WatchRoutes } from '../connectors/http/routes/hl7v2-watch-routes.ts';
import { NatsNotificationTarget } from '../connectors/nats/nats-notification-target.ts';
import { WebhookNotificationTarget } from '../connectors/webhook/webhook-notification-target.ts';
import { iamPolicyRoutes } from '../connectors/http/routes/iam-policy-routes.ts';
import { locationRoutes } from '../connectors/http/routes/location-routes.ts';
import { operationRoutes } from '../connectors/http/routes/operation-routes.ts';
import { storeRoutes } from '../connectors/http/routes/store-routes.ts';
import { registerSystemRoutes } from '../connectors/http/routes/system-routes.ts';
import { bootstrapDatasets } from '../stores/datasets/bootstrap-datasets.ts';
import { datasetMigrations } from '../stores/datasets/dataset-migrations.ts';
import type { DatasetLifecycle } from '../stores/datasets/dataset-lifecycle.ts';
import { KnexDatasetRepository } from '../stores/datasets/dataset-repository.ts';
import { datasetName, parseResourceName, storeName } from '../stores/datasets/resource-names.ts';
import { KnexStoreRepository } from '../stores/datasets/store-repository.ts';
import { fhirMigrations } from '../stores/fhir/fhir-migrations.ts';
import { dicomMigrations } from '../stores/dicom/dicom-migrations.ts';
import { DicomStoreDestination } from '../stores/dicom/dicom-store-destination.ts';
import { DicomStoreTarget } from '../stores/dicom/dicom-store-target.ts';
import { hl7v2Migrations } from '../stores/hl7v2/hl7v2-migrations.ts';
import { Hl7v2StoreDestination } from '../stores/hl7v2/hl7v2-store-destination.ts';
import { Hl7v2StoreTarget } from '../stores/hl7v2/hl7v2-store-target.ts';
import { routeByField } from '../transforms/route/route-by-field.ts';
import { buildStages } from '../transforms/stages/build-stages.ts';
import { auditMigrations } from './audit/audit-migrations.ts';
import { ApiError } from './errors/api-error.ts';
import type { StoreDestination } from './channels/channel-destination.ts';
import type { ForwardDestination } from './channels/forward-destination.ts';
import { type AlertSink, ChannelAlerts } from './channels/channel-alerts.ts';
import { type ChannelMetrics, createChannelMetrics } from './channels/channel-metrics.ts';
import { ChannelRuntime } from './channels/channel-runtime.ts';
import type { ChannelSource } from './channels/channel-source.ts';
import { DeployedChannel } from './channels/deployed-channel.ts';
import type { ChannelReceiver } from './channels/channel-receiver.ts';
import { RegionRouter } from './channels/region-router.ts';
import { journalMigrations } from './journal/journal-migrations.ts';
import { notificationMigrations } from './notifications/notification-migrations.ts';
import type { NotificationTargets } from './notifications/notification-target.ts';
import { watchersOf } from './notifications/notification-watchers.ts';
import { startNotificationDispatchers } from './notifications/start-notification-dispatchers.ts';
import { KnexAuditLog } from './audit/knex-audit-log.ts';
import { createAuthenticator } from './iam/create-authenticator.ts';
import { createAuthorizer } from './iam/create-authorizer.ts';
import { isKnownPermission } from './iam/roles.ts';
import { iamMigrations } from './iam/iam-migrations.ts';
import { createPolicyStore } from './iam/knex-policy-store.ts';
import type { PolicyStore } from './iam/policy-store.ts';
import { createLogger, type Logger } from './logger.ts';
import { createMetrics } from './metrics.ts';
import { deleteDatasetOperations } from './operations/delete-dataset-operations.ts';
import { KnexOperationStore } from './operations/knex-operation-store.ts';
import { toOperationJson } from './operations/operation-json.ts';
import { operationMigrations } from './operations/operation-migrations.ts';
import { OperationRunner } from './operations/operation-runner.ts';
import type { OperationStore } from './operations/operation-store.ts';
import { BlobStore } from './regions/blob-store.ts';
import type { Migration } from './regions/migration.ts';
import { closeRegion, openRegion } from './regions/open-region.ts';
import type { Region } from './regions/region.ts';
import { Regions } from './regions/regions.ts';

/** The composition root: every layer's migrations, routes and hooks are put together here. */
export function allMigrations(): Migration[] {
  return [...datasetMigrations, ...auditMigrations, ...iamMigrations, ...operationMigrations, ...hl7v2Migrations, ...journalMigrations, ...notificationMigrations, ...fhirMigrations, ...dicomMigrations];
}

export interface Engine {
  /** The HTTP API's base URL, such as http://127.0.0.1:8080. */
  url: string;
  regions: Regions;
  routes: ApiRoute[];
  operations: OperationRunner;
  http: FastifyInstance;
  /** The bound port of each `mllp` listener of the config, in order. */
  mllpPorts: number[];
  /** The bound port of each `dimse` listener of the config, in order. */
  dimsePorts: number[];
  /** The channels, by resource name (`projects/{p}/locations/{l}/channels/{c}`). */
  channels: Map<string, DeployedChannel>;
  stop(): Promise<void>;
}

export interface EngineOptions {
  logger?: Logger;
}

export async function startEngine(config: ServerConfig, options: EngineOptions = {}): Promise<Engine> {
  const logger = options.logger ?? createLogger(config.log.level);
  // An invalid channel stops startup before anything opens, naming its file, line and key.
  const channelConfigs = loadChannelConfigs(config.channels, { regionNames: Object.keys(config.regions) });
  const regions = new Regions(
    await Promise.all(Object.entries(config.regions).map(([name, region]) => openRegion(name, region, allMigrations()))),
  );
  const audit = new KnexAuditLog({ regions: regions.all(), config: config.audit, logger });
  // What has started so far, stopped in reverse if a later step fails (a port in use, a bad role).
  const started: Array<() => Promise<void>> = [() => closeAll(regions, audit)];
  const stopStarted = async () => {
    for (const stop of started.reverse()) await stop();
  };
  try {
    const engine = await startServing(config, channelConfigs, logger, regions, audit, started);
    logger.info({ url: engine.url, regions: regions.names() }, 'plexus started');
    return {
      ...engine,
      async stop() {
        await stopStarted();
        logger.info('plexus stopped');
      },
    };
  } catch (error) {
    await stopStarted();
    throw error;
  }
}

async function startServing(config: ServerConfig, channelConfigs: ChannelConfig[], logger: Logger, regions: Regions, audit: KnexAuditLog, started: Array<() => Promise<void>>): Promise<Omit<Engine, 'stop'>> {
  const policies = createPolicyStore(regions);
  const authorizer = createAuthorizer({ policies, bindings: config.iam.bindings, authMode: config.auth.mode });
  const authenticator = createAuthenticator(config.auth);
  const operationStore = new KnexOperationStore();
  const operations = new OperationRunner(operationStore, { regions: regions.all(), ...config.operations, logger });
  operations.register(DICOM_DELETE_KIND, deleteDicomScopeOperation());
  await bootstrapDatasets(regions, config.bootstrap.datasets, audit, logger);
  // Before anything is received: rows an earlier process left are delivered first.
  const targets = buildNotificationTargets(config.notifications);
  started.push(startNotificationDispatchers(regions.all(), targets, config.notifications, logger));
  const metrics = createMetrics();
  const channelMetrics = createChannelMetrics(metrics.registry);
  const channelDeps: ChannelDeps = { regions, audit, logger, metrics: channelMetrics, targets, maxInstanceBytes: config.limits.stow };
  const channels = new Map(channelConfigs.map((c) => {
    const channel = deployChannel(c, channelDeps);
    return [channel.resource, channel] as const;
  }));
  const redeploy = (channel: DeployedChannel) => redeployChannel(channel, channels, channelDeps, Object.keys(config.regions));
  const routes = buildRoutes(regions, policies, authorizer, operationStore, channels, redeploy);
  for (const route of routes) {
    if (!isKnownPermission(route.permission)) throw new Error(`route ${route.method} ${route.pattern}: permission ${route.permission} is in no role`);
  }
  const http = buildHttpServer({
    http: config.http,
    limits: config.limits,
    routes,
    regions,
    authenticator,
    authorizer,
    audit,
    logger,
    metrics,
    registerSystemRoutes: (app) => registerSystemRoutes(app, { regions, metrics, authenticator, authorizer }),
  });
  await http.listen({ host: config.http.host, port: config.http.port });
  started.push(() => http.close());
  // Stopped before the server closes: an open `:watch` stream would keep it waiting.
  started.push(async () => regions.all().forEach((region) => watchersOf(region).endAll()));
  const mllpPorts: number[] = [];
  for (const listenerConfig of config.mllp) {
    const listener = createMllpStoreListener(listenerConfig, { regions, audit, logger });
    mllpPorts.push((await listener.start()).port);
    started.push(() => listener.stop());
  }
  const dimsePorts: number[] = [];
  for (const listenerConfig of config.dimse) {
    const listener = createDimseStoreListener(listenerConfig, { regions, audit, logger, maxInstanceBytes: config.limits.stow });
    dimsePorts.push((await listener.start()).port);
    started.push(() => listener.stop());
  }
  for (const channel of channels.values()) await channel.start();
  // The map, not each channel: a redeployed channel replaces its entry.
  started.push(async () => {
    for (const channel of channels.values()) await channel.stop();
  });
  operations.start();
  started.push(() => operations.stop());
  const address = http.server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `${config.http.tls ? 'https' : 'http'}://${host}:${address.port}`;
  return { url, regions, routes, operations, http, mllpPorts, dimsePorts, channels };
}

function buildForwardDestination(config: Exclude<DestinationConfig, { kind: 'store' }>, logger: Logger): ForwardDestination {
  switch (config.kind) {
    case 'mllp': return new MllpForwardDestination(config.name, config, logger);
    case 'http': return new HttpForwardDestination(config.name, config);
    case 'nats': return new NatsForwardDestination(config.name, config);
    case 'dimse': return new DimseForwardDestination(config.name, config);
  }
}

/** In a routing channel a store name says `locations/{region}`: this region's store. */
function buildStoreDestination(config: DestinationConfig, region: string, regions: Regions): StoreDestination | null {
  if (config.kind !== 'store') return null;
  if (isDicomStoreName(config.store)) return new DicomStoreDestination(config.name, new DicomStoreTarget(config.store, (location) => regions.get(location)));
  return new Hl7v2StoreDestination(config.name, new Hl7v2StoreTarget(config.store.replace('/locations/{region}/', `/locations/${region}/`), (location) => regions.get(location)));
}

/**
 * `:redeploy`: the channel's file is read again; when it is valid and keeps the channel's
 * name and region, the running channel stops (messages in hand finish, committed forward
 * deliveries stay queued in the journal) and the new one starts in its place.
 */
async function redeployChannel(old: DeployedChannel, channels: Map<string, DeployedChannel>, deps: ChannelDeps, regionNames: string[]): Promise<DeployedChannel> {
  let config: ChannelConfig;
  try {
    config = loadChannelConfig(old.config.file, { regionNames });
  } catch (error) {
    throw new ApiError('FAILED_PRECONDITION', `the channel file does not load, so the running channel stays: ${(error as Error).message}`);
  }
  if (config.name !== old.config.name || config.region !== old.config.region) {
    throw new ApiError('FAILED_PRECONDITION', `the channel file now names ${config.name} in ${config.region}; a redeploy keeps the name and region (restart the engine to rename)`);
  }
  const next = deployChannel(config, deps);
  await old.stop();
  channels.set(next.resource, next);
  await next.start();
  return next;
}

/** What every channel of the engine shares. */
interface ChannelDeps {
  regions: Regions;
  audit: KnexAuditLog;
  logger: Logger;
  metrics: ChannelMetrics;
  /** Where alerts are sent (the notification targets of plexus.yaml). */
  targets: NotificationTargets;
  /** The largest DICOM instance a DIMSE source takes (plexus.yaml's limits.stow). */
  maxInstanceBytes: number;
}

function deployChannel(config: ChannelConfig, deps: ChannelDeps): DeployedChannel {
  const { logger } = deps;
  const route = config.route;
  const regionNames = new Set([config.region, ...(route ? [...Object.values(route.regions), route.quarantine, ...(route.otherwise ? [route.otherwise] : [])] : [])]);
  const runtimes = new Map([...regionNames].map((region) => [region, buildChannelRuntime(config, region, deps)] as const));
  const home = runtimes.get(config.region)!;
  const receiver = route ? new RegionRouter(home.resource, routeByField(route), runtimes, route.quarantine) : home;
  const alerts = config.alerts && new ChannelAlerts(home.resource, config.alerts, [...runtimes.values()], alertSink(config.alerts.notify, deps.targets), logger);
  return new DeployedChannel(config, runtimes, receiver, buildChannelSource(config, receiver, deps), alerts);
}

/** Alerts go to a webhook or NATS subject of plexus.yaml's notifications (and are logged either way). */
function alertSink(notify: AlertsConfig['notify'], targets: NotificationTargets): AlertSink {
  return async (alert) => {
    if (!notify) return;
    const delivery = { body: JSON.stringify(alert), notificationId: `${alert.channel}/${alert.alert}/${alert.time}` };
    const target = 'webhook' in notify ? targets.webhook : targets.nats;
    if (!target) throw new Error('plexus.yaml has no notifications.nats to send channel alerts to');
    const result = await target.deliver({ ...delivery, address: 'webhook' in notify ? notify.webhook : notify.nats });
    if (!result.ok) throw new Error(result.reason);
  };
}

function buildChannelSource(config: ChannelConfig, runtime: ChannelReceiver, { regions, audit, logger, maxInstanceBytes }: ChannelDeps): ChannelSource {
  const source = config.source;
  switch (source.kind) {
    case 'mllp': return new MllpChannelSource(source, runtime, logger);
    case 'http': return new HttpChannelSource(source, runtime);
    case 'directory': return new DirectorySource(source, runtime, logger);
    case 'dimse': return new DimseChannelSource(source, runtime, { region: regions.get(config.region), audit, logger, maxInstanceBytes });
  }
}

function buildChannelRuntime(config: ChannelConfig, regionName: string, { regions, audit, logger, metrics }: ChannelDeps): ChannelRuntime {
  const region = regions.get(regionName);
  return new ChannelRuntime({
    name: config.name,
    project: config.project,
    home: config.region,
    region,
    // A folder has nobody to answer: its files move once the commit is done.
    ack: config.source.kind === 'directory' ? 'on-commit' : config.source.ack,
    storage: config.storage,
    retentionDays: config.retentionDays,
    concurrency: config.concurrency,
    stages: buildStages(config.stages),
    stores: config.destinations.map((d) => buildStoreDestination(d, regionName, regions)).filter((d) => d !== null),
    forwards: config.destinations.filter((d) => d.kind !== 'store').map((d) => ({ destination: buildForwardDestination(d, logger), retry: d.retry })),
    blobs: new BlobStore(region.blobs),
    audit,
    logger,
    metrics,
  });
}

function buildRoutes(
  regions: Regions, policies: PolicyStore, authorizer: ReturnType<typeof createAuthorizer>, operationStore: OperationStore,
  channels: ReadonlyMap<string, DeployedChannel>, redeploy: (channel: DeployedChannel) => Promise<DeployedChannel>,
): ApiRoute[] {
  const lifecycle: DatasetLifecycle = {
    onDatasetDelete: [
      (trx, region, project, dataset) => policies.deleteTree(datasetName(project, region.name, dataset), trx),
      (trx, _region, project, dataset) => deleteDatasetOperations(trx, project, dataset),
    ],
    onStoreDelete: [(trx, region, store) => policies.deleteTree(storeName(store.project, region.name, store.datasetId, store.type, store.storeId), trx)],
  };
  const recordDoneOperation: RecordDoneOperation = async (trx, region, project, dataset, apiMethodName, response) =>
    toOperationJson(await operationStore.createDone(region, { project, dataset, apiMethodName, outcome: { response } }, trx)) as unknown as Record<string, unknown>;
  return [
    ...locationRoutes({ regions }),
    ...datasetRoutes({ lifecycle, recordDoneOperation }),
    ...storeRoutes({ lifecycle }),
    ...iamPolicyRoutes({ policies, authorizer, exists: resourceExists }),
    ...operationRoutes({ store: operationStore, regions, datasetExists: async (region, project, dataset) => (await new KnexDatasetRepository(region).get(project, dataset)) !== null }),
    ...auditLogRoutes({ regions }),
    ...hl7v2MessageRoutes(),
    ...fhirResourceRoutes(),
    ...fhirSearchRoutes(),
    fhirCapabilitiesRoute(),
    fhirBundleRoute(),
    fhirPatientEverythingRoute(),
    ...dicomWebStowRoutes(),
    ...dicomWebQidoRoutes(),
    ...dicomWebWadoRoutes(),
    ...dicomWebFrameRoutes(),
    dicomWebBulkDataRoute(),
    ...dicomWebDeleteRoutes({ operations: operationStore }),
    ...hl7v2WatchRoutes(),
    ...channelRoutes(channels, redeploy),
    ...channelMessageRoutes(channels),
  ];
}

/** The connectors behind the notification outbox: NATS when configured, and the webhooks of the config. */
function buildNotificationTargets(config: ServerConfig['notifications']): NotificationTargets {
  return {
    ...(config.nats ? { nats: new NatsNotificationTarget({ url: config.nats.url, timeoutMs: config.deliveryTimeoutMs }) } : {}),
    webhook: new WebhookNotificationTarget(config.webhooks, config.deliveryTimeoutMs),
  };
}

/** True when a dataset or store name exists in its region. */
async function resourceExists(name: string, region: Region): Promise<boolean> {
  const parsed = parseResourceName(name);
  if (!parsed?.dataset) return false;
  if (parsed.storeType && parsed.store) {
    return (await new KnexStoreRepository(region).get(parsed.project, parsed.dataset, parsed.storeType, parsed.store)) !== null;
  }
  return (await new KnexDatasetRepository(region).get(parsed.project, parsed.dataset)) !== null;
}

async function closeAll(regions: Regions, audit: KnexAuditLog): Promise<void> {
  await audit.close();
  await Promise.all(regions.all().map(closeRegion));
}
