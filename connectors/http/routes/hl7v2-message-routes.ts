import { ApiError, invalidArgument, notFound } from '../../../engine/errors/api-error.ts';
import { BASE64 } from '../../../stores/datasets/base64.ts';
import { KnexDatasetRepository } from '../../../stores/datasets/dataset-repository.ts';
import { type Labels, parseLabels } from '../../../stores/datasets/labels.ts';
import type { StoreRecord } from '../../../stores/datasets/store-repository.ts';
import { ingestHl7v2Message } from '../../../stores/hl7v2/ingest-hl7v2-message.ts';
import { listHl7v2Messages } from '../../../stores/hl7v2/list-hl7v2-messages.ts';
import { Hl7v2MessageStore } from '../../../stores/hl7v2/hl7v2-message-store.ts';
import { hl7v2MessageName, MESSAGE_VIEWS, type MessageView, toHl7v2MessageJson } from '../../../stores/hl7v2/to-hl7v2-message-json.ts';
import type { ApiRequest, ApiResponse, ApiRoute } from '../api-route.ts';
import { requireStore } from './require-store.ts';
import { parsePageSize } from '../../../engine/page-token.ts';
import { singleQuery } from '../single-query.ts';

const STORE = 'projects/{project}/locations/{location}/datasets/{dataset}/hl7V2Stores/{hl7V2Store}';
const base = { service: 'hl7v2' } as const;

function requireHl7v2Store(request: ApiRequest): Promise<StoreRecord> {
  return requireStore(request, 'hl7v2', request.params.hl7V2Store);
}

function parseView(request: ApiRequest, unspecified: 'FULL' | 'BASIC'): Exclude<MessageView, 'MESSAGE_VIEW_UNSPECIFIED'> {
  const view = (singleQuery(request.query, 'view') ?? 'MESSAGE_VIEW_UNSPECIFIED') as MessageView;
  if (!MESSAGE_VIEWS.includes(view)) throw invalidArgument(`view must be one of ${MESSAGE_VIEWS.join(', ')}`);
  if (view === 'SCHEMATIZED_ONLY') throw new ApiError('UNIMPLEMENTED', 'view SCHEMATIZED_ONLY needs a parser schema, which Plexus stores do not have');
  return view === 'MESSAGE_VIEW_UNSPECIFIED' ? unspecified : view;
}

/** Output-only Message fields a client may echo back; they are ignored. */
const OUTPUT_ONLY = new Set(['name', 'createTime', 'sendFacility', 'sendTime', 'messageType', 'patientIds', 'parsedData', 'schematizedData']);

/** `{"message": {"data": "<base64>", "labels": {...}}}`, as messages.create and messages.ingest take it. */
function parseMessageBody(body: unknown): { data: Buffer; labels: Labels } {
  const message = (body as { message?: unknown } | undefined)?.message;
  if (typeof body !== 'object' || body === null || Object.keys(body).some((k) => k !== 'message')) {
    throw invalidArgument('the body must be {"message": {"data": "<base64>", "labels": {...}}}');
  }
  if (typeof message !== 'object' || message === null) throw invalidArgument('message is required');
  for (const key of Object.keys(message)) {
    if (key !== 'data' && key !== 'labels' && !OUTPUT_ONLY.has(key)) throw invalidArgument(`Invalid JSON payload received. Unknown name "${key}" at 'message': Cannot find field.`);
  }
  const { data, labels } = message as { data?: unknown; labels?: unknown };
  if (typeof data !== 'string' || !BASE64.test(data)) {
    throw invalidArgument('message.data must be the message bytes in base64');
  }
  return { data: Buffer.from(data, 'base64'), labels: parseLabels(labels, 'message.labels') };
}

/** A PATCH body is a Message: labels, and output-only fields that are ignored. */
function parseMessagePatch(body: unknown): { labels?: unknown } {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw invalidArgument('the body must be a Message, for example {"labels": {...}}');
  for (const key of Object.keys(body)) {
    if (key !== 'labels' && key !== 'data' && !OUTPUT_ONLY.has(key)) throw invalidArgument(`Invalid JSON payload received. Unknown name "${key.slice(0, 64)}": Cannot find field.`);
  }
  return body as { labels?: unknown };
}

async function ingest(request: ApiRequest, answer: 'create' | 'ingest'): Promise<ApiResponse> {
  const { data, labels } = parseMessageBody(request.body);
  const store = await requireHl7v2Store(request);
  const dataset = await new KnexDatasetRepository(request.region!).get(store.project, store.datasetId);
  const outcome = await ingestHl7v2Message({ region: request.region!, store, timeZone: dataset?.timeZone ?? 'UTC', data, labels, audit: (tx) => request.auditIn(tx) });
  if (outcome.kind === 'refused') {
    const detail = { '@type': 'type.googleapis.com/google.cloud.healthcare.v1.hl7v2.IngestMessageErrorDetail', hl7Nack: outcome.nak.toString('base64') };
    throw new ApiError(outcome.error.code, outcome.error.message, answer === 'ingest' ? [detail] : []);
  }
  const message = toHl7v2MessageJson(store, outcome.record, 'FULL');
  return { body: answer === 'ingest' ? { hl7Ack: outcome.ack.toString('base64'), message } : message };
}

export function hl7v2MessageRoutes(): ApiRoute[] {
  return [
    { ...base, method: 'POST', pattern: `${STORE}/messages`, permission: 'healthcare.hl7V2Messages.create', logType: 'DATA_WRITE', body: { kind: 'json' }, query: [], handler: (r) => ingest(r, 'create') },
    { ...base, method: 'POST', pattern: `${STORE}/messages:ingest`, permission: 'healthcare.hl7V2Messages.ingest', logType: 'DATA_WRITE', body: { kind: 'json' }, query: [], handler: (r) => ingest(r, 'ingest') },
    {
      ...base, method: 'GET', pattern: `${STORE}/messages/{message}`, permission: 'healthcare.hl7V2Messages.get', logType: 'DATA_READ', query: ['view'],
      async handler(request) {
        const view = parseView(request, 'FULL');
        const store = await requireHl7v2Store(request);
        const record = await new Hl7v2MessageStore(request.region!).get(store, request.params.message);
        if (!record) throw notFound(`message ${hl7v2MessageName(store, request.params.message)} not found`);
        return { body: toHl7v2MessageJson(store, record, view) };
      },
    },
    {
      ...base, method: 'GET', pattern: `${STORE}/messages`, permission: 'healthcare.hl7V2Messages.list', logType: 'DATA_READ',
      query: ['filter', 'orderBy', 'pageSize', 'pageToken', 'view'],
      async handler(request) {
        const view = parseView(request, 'BASIC');
        const store = await requireHl7v2Store(request);
        const page = await listHl7v2Messages(request.region!, store, {
          filter: singleQuery(request.query, 'filter'),
          orderBy: singleQuery(request.query, 'orderBy'),
          pageSize: parsePageSize(singleQuery(request.query, 'pageSize'), 100, 1000),
          pageToken: singleQuery(request.query, 'pageToken'),
        });
        const body: Record<string, unknown> = { hl7V2Messages: page.records.map((r) => toHl7v2MessageJson(store, r, view)) };
        if (page.nextPageToken) body.nextPageToken = page.nextPageToken;
        return { body };
      },
    },
    {
      ...base, method: 'PATCH', pattern: `${STORE}/messages/{message}`, permission: 'healthcare.hl7V2Messages.update', logType: 'DATA_WRITE', body: { kind: 'json' }, query: ['updateMask'],
      async handler(request) {
        if (singleQuery(request.query, 'updateMask') !== 'labels') throw invalidArgument('updateMask must be labels: only the labels of a message can be updated');
        const labels = parseLabels(parseMessagePatch(request.body).labels);
        const store = await requireHl7v2Store(request);
        const messages = new Hl7v2MessageStore(request.region!);
        const record = await messages.get(store, request.params.message);
        if (!record) throw notFound(`message ${hl7v2MessageName(store, request.params.message)} not found`);
        await request.commit((tx) => messages.updateLabels(tx, record, labels));
        return { body: toHl7v2MessageJson(store, { ...record, labels }, 'FULL') };
      },
    },
    {
      ...base, method: 'DELETE', pattern: `${STORE}/messages/{message}`, permission: 'healthcare.hl7V2Messages.delete', logType: 'DATA_WRITE', query: [],
      async handler(request) {
        const store = await requireHl7v2Store(request);
        const messages = new Hl7v2MessageStore(request.region!);
        // A delete that finds nothing throws inside the unit, so its audit row is rolled back with it.
        await request.commit(async (tx) => {
          if (!(await messages.delete(tx, store, request.params.message))) throw notFound(`message ${hl7v2MessageName(store, request.params.message)} not found`);
        });
        return { body: {} };
      },
    },
  ];
}
