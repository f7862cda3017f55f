import type { DestinationConfig } from '../../../config/channel-config.ts';
import type { DeployedChannel } from '../../../engine/channels/deployed-channel.ts';
import type { Envelope } from '../../../engine/channels/envelope.ts';
import { ApiError, notFound } from '../../../engine/errors/api-error.ts';
import { readChannelStatistics, sumChannelStatistics } from '../../../engine/journal/channel-statistics.ts';
import { sumMinuteCounts } from '../../../engine/journal/minute-counters.ts';
import { singleQuery } from '../single-query.ts';
import { buildAckForEnvelope } from '../../../transforms/hl7v2/build-ack-for-envelope.ts';
import type { ApiRequest, ApiRoute } from '../api-route.ts';
import { HttpChannelSource } from '../http-channel-source.ts';

/** The engine's channels, by resource name (`projects/{p}/locations/{l}/channels/{c}`). */
export type ChannelDirectory = ReadonlyMap<string, DeployedChannel>;

const CHANNELS = 'projects/{project}/locations/{location}/channels';
const CHANNEL = `${CHANNELS}/{channel}`;
const base = { service: 'channels' } as const;

/** `projects.locations.channels`: list, get, :pause, :resume, :redeploy, and :send for channels with an HTTP source. */
export function channelRoutes(channels: ChannelDirectory, redeploy: (channel: DeployedChannel) => Promise<DeployedChannel>): ApiRoute[] {
  const requireChannel = (request: ApiRequest): DeployedChannel => {
    const { project, location, channel } = request.params;
    const found = channels.get(`projects/${project}/locations/${location}/channels/${channel}`);
    if (!found) throw notFound(`channel projects/${project}/locations/${location}/channels/${channel} not found`);
    return found;
  };
  return [
    {
      ...base, method: 'GET', pattern: CHANNELS, permission: 'plexus.channels.list', logType: 'ADMIN_READ', query: [],
      async handler(request) {
        const prefix = `projects/${request.params.project}/locations/${request.params.location}/channels/`;
        const mine = [...channels.values()].filter((c) => c.resource.startsWith(prefix)).sort((a, b) => a.resource.localeCompare(b.resource));
        return { body: { channels: await Promise.all(mine.map(toChannelJson)) } };
      },
    },
    {
      ...base, method: 'GET', pattern: CHANNEL, permission: 'plexus.channels.get', logType: 'ADMIN_READ', query: ['view'],
      async handler(request) {
        const view = singleQuery(request.query, 'view') ?? 'BASIC';
        if (view !== 'BASIC' && view !== 'FULL') throw new ApiError('INVALID_ARGUMENT', 'view must be BASIC or FULL');
        const channel = requireChannel(request);
        const json = await toChannelJson(channel);
        return { body: view === 'FULL' ? { ...json, minuteCounters: sumMinuteCounts(await Promise.all([...channel.runtimes.values()].map((runtime) => runtime.minuteCounts()))) } : json };
      },
    },
    {
      ...base, method: 'POST', pattern: `${CHANNEL}:pause`, permission: 'plexus.channels.stop', logType: 'ADMIN_WRITE', query: [],
      async handler(request) {
        const channel = requireChannel(request);
        await channel.pause();
        return { body: await toChannelJson(channel) };
      },
    },
    {
      ...base, method: 'POST', pattern: `${CHANNEL}:resume`, permission: 'plexus.channels.start', logType: 'ADMIN_WRITE', query: [],
      async handler(request) {
        const channel = requireChannel(request);
        await channel.resume();
        return { body: await toChannelJson(channel) };
      },
    },
    {
      ...base, method: 'POST', pattern: `${CHANNEL}:redeploy`, permission: 'plexus.channels.update', logType: 'ADMIN_WRITE', query: [],
      handler: async (request) => ({ body: await toChannelJson(await redeploy(requireChannel(request))) }),
    },
    {
      ...base, method: 'POST', pattern: `${CHANNEL}:send`, permission: 'plexus.channels.send', logType: 'DATA_WRITE', query: [], body: { kind: 'raw' },
      handler: (request) => send(requireChannel(request), request),
    },
  ];
}

async function send(channel: DeployedChannel, request: ApiRequest) {
  if (!(channel.source instanceof HttpChannelSource)) {
    throw new ApiError('FAILED_PRECONDITION', `the channel ${channel.resource} takes messages by ${channel.source.type}, not by :send`);
  }
  const body = request.body as Buffer;
  if (body.length === 0) throw new ApiError('INVALID_ARGUMENT', 'the request body must be the message');
  const envelope = await channel.source.send(body, {
    connectionId: `http:${request.principal.id}`,
    peer: request.peer,
    principal: request.principal.id,
    method: 'HTTP send',
  });
  const answer = answerOf(channel, envelope);
  if (envelope.error?.kind === 'system') throw new ApiError('UNAVAILABLE', envelope.error.text, [answer]);
  if (envelope.error) throw new ApiError('INVALID_ARGUMENT', `${envelope.error.stage}: ${envelope.error.text}`, [answer]);
  return { body: answer };
}

/** What became of a sent message: its journal name and status, and for HL7v2 the ACK an MLLP sender would get. */
function answerOf(channel: DeployedChannel, envelope: Envelope): Record<string, unknown> {
  const hl7 = channel.source instanceof HttpChannelSource && channel.source.config.contentType === 'application/hl7-v2';
  return {
    message: `${channel.resource}/messages/${envelope.messageId}`,
    status: envelope.status,
    ...(hl7 ? { hl7Ack: buildAckForEnvelope(envelope).toString('base64') } : {}),
  };
}

/** Where a destination sends, without credentials (a URL's user and password are left out). */
function destinationTarget(destination: DestinationConfig): string {
  switch (destination.kind) {
    case 'store': return destination.store;
    case 'mllp': return `${destination.host}:${destination.port}`;
    case 'http': return withoutCredentials(destination.url);
    case 'nats': return `${withoutCredentials(destination.url)} ${destination.subject}`;
    case 'dimse': return `${destination.aet}@${destination.host}:${destination.port}`;
  }
}

function withoutCredentials(url: string): string {
  const parsed = new URL(url);
  parsed.username = '';
  parsed.password = '';
  return parsed.toString().replace(/\/$/, '');
}

async function toChannelJson(channel: DeployedChannel): Promise<Record<string, unknown>> {
  const { config } = channel;
  return {
    name: channel.resource,
    state: channel.state,
    source: { type: channel.source.type, address: channel.source.describe(), ...('ack' in config.source ? { ackMode: config.source.ack } : {}) },
    storage: config.storage,
    ...(config.retentionDays !== null ? { retentionDays: config.retentionDays } : {}),
    stages: config.stages.map((stage) => stage.kind),
    destinations: config.destinations.map((d) => ({ name: d.name, type: d.kind, target: destinationTarget(d) })),
    ...(config.route ? { route: config.route } : {}),
    statistics: sumChannelStatistics(await Promise.all([...channel.runtimes.values()].map((runtime) => readChannelStatistics(runtime.region, config.name)))),
  };
}
