import { createHash } from 'node:crypto';
import { reprocessMatchingMessages } from '../../../engine/channels/reprocess-matching-messages.ts';
import { type ReprocessCaller, reprocessMessage } from '../../../engine/channels/reprocess-message.ts';
import { ApiError, invalidArgument, notFound } from '../../../engine/errors/api-error.ts';
import { parseChannelMessageFilter } from '../../../engine/journal/channel-message-filter.ts';
import type { ChannelMessageRecord } from '../../../engine/journal/channel-message-record.ts';
import { readChannelMessageContent } from '../../../engine/journal/read-channel-message-content.ts';
import { getChannelMessage, listChannelMessages } from '../../../engine/journal/read-channel-messages.ts';
import { requeueDeadLetter } from '../../../engine/journal/requeue-dead-letter.ts';
import { decodePageToken, encodePageToken, parsePageSize } from '../../../engine/page-token.ts';
import type { ApiRequest, ApiResponse, ApiRoute } from '../api-route.ts';
import { singleQuery } from '../single-query.ts';
import { toChannelMessageJson } from './channel-message-json.ts';
import type { ChannelDirectory } from './channel-routes.ts';
import { type ChannelJournal, requireChannelJournal } from './require-channel-journal.ts';

const MESSAGES = 'projects/{project}/locations/{location}/channels/{channel}/messages';
const MESSAGE = `${MESSAGES}/{message}`;
const base = { service: 'channels' } as const;
const DEFAULT_PAGE_SIZE = 100;
const MAX_PAGE_SIZE = 1000;

/**
 * The message browser of a channel's journal (`.../channels/{c}/messages`): list with a
 * filter, get (content with view FULL, under its own permission `plexus.channelMessages.getContent`),
 * reprocess one message or every message a filter matches, and retry a dead-lettered forward delivery.
 */
export function channelMessageRoutes(channels: ChannelDirectory): ApiRoute[] {
  const journal = (request: ApiRequest) => requireChannelJournal(channels, request.params);
  return [
    {
      ...base, method: 'GET', pattern: MESSAGES, permission: 'plexus.channelMessages.list', logType: 'DATA_READ', query: ['filter', 'pageSize', 'pageToken'],
      handler: (request) => listMessages(request, journal(request)),
    },
    {
      ...base, method: 'GET', pattern: MESSAGE, permission: 'plexus.channelMessages.get', logType: 'DATA_READ', query: ['view'],
      handler: (request) => getMessage(request, journal(request)),
    },
    {
      ...base, method: 'POST', pattern: `${MESSAGE}:reprocess`, permission: 'plexus.channelMessages.reprocess', logType: 'ADMIN_WRITE', query: [],
      handler: (request) => reprocessOne(request, journal(request)),
    },
    {
      ...base, method: 'POST', pattern: `${MESSAGES}:reprocess`, permission: 'plexus.channelMessages.reprocess', logType: 'ADMIN_WRITE', query: [], body: { kind: 'json' },
      handler: (request) => reprocessBulk(request, journal(request)),
    },
    {
      ...base, method: 'POST', pattern: `${MESSAGE}:retryDelivery`, permission: 'plexus.channelMessages.reprocess', logType: 'ADMIN_WRITE', query: ['destination'],
      handler: (request) => retryDelivery(request, journal(request)),
    },
  ];
}

/** A keyset position (the last message of the previous page), bound to the channel and filter it was made for. */
interface PagePosition {
  q: string;
  pk: number;
}

async function listMessages(request: ApiRequest, journal: ChannelJournal): Promise<ApiResponse> {
  const filterText = singleQuery(request.query, 'filter') ?? '';
  const filter = parseChannelMessageFilter(filterText);
  const pageSize = parsePageSize(singleQuery(request.query, 'pageSize'), DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE);
  const queryKey = createHash('sha256').update(`${journal.name}\n${filterText}`).digest('base64url').slice(0, 16);
  const after = decodePageToken(singleQuery(request.query, 'pageToken'), (value): value is PagePosition => {
    const p = value as PagePosition | null;
    return typeof p === 'object' && p !== null && p.q === queryKey && Number.isSafeInteger(p.pk);
  });
  request.auditResource = journal.name;
  const records = await listChannelMessages(journal.runtime.region, { channel: journal.channel.config.name, filter, beforePk: after?.pk ?? null, limit: pageSize + 1 });
  const page = records.slice(0, pageSize);
  const next = records.length > pageSize ? encodePageToken({ q: queryKey, pk: page[page.length - 1].pk } satisfies PagePosition) : null;
  return { body: { messages: page.map((record) => toChannelMessageJson(journal.name, record)), ...(next ? { nextPageToken: next } : {}) } };
}

async function getMessage(request: ApiRequest, journal: ChannelJournal): Promise<ApiResponse> {
  const view = singleQuery(request.query, 'view') ?? 'BASIC';
  if (view !== 'BASIC' && view !== 'FULL') throw invalidArgument(`view must be BASIC (metadata) or FULL (metadata and content), got '${view.slice(0, 32)}'`);
  // Named before the check, so a refused content read is audited on the message too.
  request.auditResource = `${journal.name}/messages/${request.params.message}`;
  if (view === 'FULL') await request.requirePermission('plexus.channelMessages.getContent');
  const record = await requireMessage(request, journal);
  const content = view === 'FULL' ? await readChannelMessageContent(journal.runtime.region, record.pk) : undefined;
  return { body: toChannelMessageJson(journal.name, record, content) };
}

async function requireMessage(request: ApiRequest, journal: ChannelJournal): Promise<ChannelMessageRecord> {
  const messageId = request.params.message;
  request.auditResource = `${journal.name}/messages/${messageId}`;
  const record = await getChannelMessage(journal.runtime.region, journal.channel.config.name, messageId);
  if (!record) throw notFound(`message ${journal.name}/messages/${messageId} not found`);
  return record;
}

function callerOf(request: ApiRequest): ReprocessCaller {
  return { principal: request.principal.id, peer: request.peer };
}

/** Answers with the new message, whatever its status; only a system failure (nothing journaled) is an error. */
async function reprocessOne(request: ApiRequest, journal: ChannelJournal): Promise<ApiResponse> {
  const record = await requireMessage(request, journal);
  const region = journal.runtime.region;
  const envelope = await reprocessMessage(journal.channel.receiver, { region, pk: record.pk, messageId: record.messageId, contentType: record.contentType }, callerOf(request));
  if (envelope.error?.kind === 'system') throw new ApiError('UNAVAILABLE', `the message could not be reprocessed: ${envelope.error.text}`);
  const found = await findMessage(journal, envelope.messageId);
  if (!found) throw new ApiError('INTERNAL', `the reprocessed message ${envelope.messageId} is not in the channel's journal`);
  return { body: toChannelMessageJson(found.name, found.record) };
}

/** Where a new message was journaled: a routing channel may have routed it to another region. */
async function findMessage(journal: ChannelJournal, messageId: string): Promise<{ name: string; record: ChannelMessageRecord } | null> {
  const { config } = journal.channel;
  const runtimes = [journal.runtime, ...[...journal.channel.runtimes.values()].filter((r) => r !== journal.runtime)];
  for (const runtime of runtimes) {
    const record = await getChannelMessage(runtime.region, config.name, messageId);
    if (record) return { name: `projects/${config.project}/locations/${runtime.region.name}/channels/${config.name}`, record };
  }
  return null;
}

async function reprocessBulk(request: ApiRequest, journal: ChannelJournal): Promise<ApiResponse> {
  const body = request.body as { filter?: unknown } | null;
  if (typeof body !== 'object' || body === null || Array.isArray(body) || Object.keys(body).some((key) => key !== 'filter')) {
    throw invalidArgument('the body must be {"filter": "..."}');
  }
  // Reprocessing a whole journal by mistake would send every message again: a filter is required.
  if (typeof body.filter !== 'string' || body.filter.trim() === '') throw invalidArgument('filter is required, for example {"filter": "status = ERROR"}');
  const filter = parseChannelMessageFilter(body.filter);
  request.auditResource = journal.name;
  const result = await reprocessMatchingMessages(journal.runtime.region, journal.channel.config.name, filter, journal.channel.receiver, callerOf(request));
  return { body: result };
}

/** Requeue a forward destination's dead-lettered delivery with fresh attempts, and wake its dispatcher. */
async function retryDelivery(request: ApiRequest, journal: ChannelJournal): Promise<ApiResponse> {
  const destination = singleQuery(request.query, 'destination');
  if (!destination) throw invalidArgument('destination is required: the name of a forward destination of the channel');
  const configured = journal.channel.config.destinations.find((d) => d.name === destination);
  if (!configured || configured.kind === 'store') throw invalidArgument(`the channel ${journal.name} has no forward destination '${destination.slice(0, 64)}'`);
  const record = await requireMessage(request, journal);
  const requeued = await request.transact((trx) => requeueDeadLetter(trx, record.pk, destination));
  if (!requeued) {
    const status = record.deliveries.find((d) => d.destination === destination)?.status ?? 'none';
    throw new ApiError('FAILED_PRECONDITION', `the delivery of ${request.auditResource} to ${destination} is not dead-lettered (status ${status}): only ERROR deliveries are retried`);
  }
  journal.runtime.wakeForward(destination);
  const updated = await requireMessage(request, journal);
  return { body: toChannelMessageJson(journal.name, updated) };
}
