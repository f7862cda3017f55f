import { watchersOf } from '../../../engine/notifications/notification-watchers.ts';
import type { Notification } from '../../../engine/notifications/notification.ts';
import { storeName } from '../../../stores/datasets/resource-names.ts';
import { parseHl7v2Filter } from '../../../stores/hl7v2/hl7v2-filter-parser.ts';
import { type Hl7v2FilterFields, matchesHl7v2Filter } from '../../../stores/hl7v2/matches-hl7v2-filter.ts';
import type { ApiRoute } from '../api-route.ts';
import { createServerSentEventStream, SERVER_SENT_EVENT_HEADERS } from '../server-sent-event-stream.ts';
import { singleQuery } from '../single-query.ts';
import { requireStore } from './require-store.ts';

const STORE = 'projects/{project}/locations/{location}/datasets/{dataset}/hl7V2Stores/{hl7V2Store}';

export interface WatchRouteOptions {
  heartbeatMs?: number;
}

/**
 * `GET .../hl7V2Stores/{s}:watch[?filter=...]`: server-sent events, one per message stored
 * in the store from now on (through this engine process), each the notification JSON of
 * notificationConfigs (`{"name", "attributes": {"msgType"}, "publishTime"}`); `filter` is
 * messages.list's. The stream lasts until the client goes or the engine stops.
 */
export function hl7v2WatchRoutes(options: WatchRouteOptions = {}): ApiRoute[] {
  const heartbeatMs = options.heartbeatMs ?? 15_000;
  return [
    {
      service: 'hl7v2',
      method: 'GET',
      pattern: `${STORE}:watch`,
      permission: 'healthcare.hl7V2Messages.list',
      logType: 'DATA_READ',
      query: ['filter'],
      async handler(request) {
        const filter = parseHl7v2Filter(singleQuery(request.query, 'filter') ?? '');
        const store = await requireStore(request, 'hl7v2', request.params.hl7V2Store);
        const name = storeName(store.project, store.location, store.datasetId, 'hl7v2', store.storeId);
        const watchers = watchersOf(request.region!);
        const body = createServerSentEventStream((send, end) =>
          watchers.subscribe<Hl7v2FilterFields>(name, (notification: Notification, fields) => {
            if (filter === null || matchesHl7v2Filter(filter, fields)) send(notification);
          }, end), { heartbeatMs, maxBufferedBytes: 1024 * 1024 });
        return { headers: SERVER_SENT_EVENT_HEADERS, body };
      },
    },
  ];
}
