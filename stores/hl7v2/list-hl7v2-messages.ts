import { createHash } from 'node:crypto';
import type { Knex } from 'knex';
import { invalidArgument } from '../../engine/errors/api-error.ts';
import { decodePageToken, encodePageToken } from '../../engine/page-token.ts';
import type { Region } from '../../engine/regions/region.ts';
import type { StoreRecord } from '../datasets/store-repository.ts';
import { applyHl7v2Filter } from './compile-hl7v2-filter.ts';
import { parseHl7v2Filter } from './hl7v2-filter-parser.ts';
import { fromHl7v2MessageRow, type Hl7v2MessageRecord, type Hl7v2MessageRow } from './hl7v2-message-record.ts';

export interface Hl7v2ListRequest {
  filter?: string;
  /** `send_time` or `send_time desc`; absent: the order messages were created in. */
  orderBy?: string;
  /** Already bounded by the caller (the API's default and maximum). */
  pageSize: number;
  pageToken?: string;
}

export interface Hl7v2ListPage {
  records: Hl7v2MessageRecord[];
  nextPageToken: string | null;
}

type Order = { by: 'id'; desc: false } | { by: 'send_time'; desc: boolean };

/** A keyset position: the last row's sort key and id, bound to the filter and order it was made for. */
interface PagePosition {
  q: string;
  sendTime: string;
  id: number;
}

/**
 * messages.list: Google's filter over the store's index columns, keyset paging so a page
 * is stable while messages keep arriving (new ones only ever follow the last position).
 */
export async function listHl7v2Messages(region: Region, store: StoreRecord, request: Hl7v2ListRequest): Promise<Hl7v2ListPage> {
  const filter = parseHl7v2Filter(request.filter ?? '');
  const order = parseOrderBy(request.orderBy);
  const pageSize = request.pageSize;
  const queryKey = createHash('sha256').update(`${request.filter ?? ''}\n${request.orderBy ?? ''}`).digest('base64url').slice(0, 16);
  // A token is bound to the filter and order it was made for.
  const after = decodePageToken(request.pageToken, isPosition(queryKey));
  const query = region.db('hl7v2_messages').where('store_pk', store.pk);
  if (filter) applyHl7v2Filter(query, filter, store.pk);
  if (after) applyPosition(query, order, after);
  if (order.by === 'id') query.orderBy('id');
  else query.orderBy([{ column: 'send_time', order: order.desc ? 'desc' : 'asc' }, { column: 'id', order: order.desc ? 'desc' : 'asc' }]);
  const rows = await region.read<Hl7v2MessageRow>(query.limit(pageSize + 1));
  const records = rows.slice(0, pageSize).map(fromHl7v2MessageRow);
  const last = records[records.length - 1];
  const nextPageToken = rows.length > pageSize ? encodePageToken({ q: queryKey, sendTime: last.sendTime, id: last.pk } satisfies PagePosition) : null;
  return { records, nextPageToken };
}

function parseOrderBy(text: string | undefined): Order {
  const words = (text ?? '').trim().split(/\s+/).filter(Boolean);
  if (words.length === 0) return { by: 'id', desc: false };
  if (words[0] === 'send_time' && words.length <= 2 && (words[1] === undefined || /^(asc|desc)$/i.test(words[1]))) {
    return { by: 'send_time', desc: words[1]?.toLowerCase() === 'desc' };
  }
  throw invalidArgument(`orderBy '${(text ?? '').slice(0, 64)}' is not supported: use send_time, send_time asc or send_time desc`);
}

function applyPosition(query: Knex.QueryBuilder, order: Order, after: PagePosition): void {
  if (order.by === 'id') {
    query.andWhere('id', '>', after.id);
    return;
  }
  const beyond = order.desc ? '<' : '>';
  query.andWhere((q) => q.where('send_time', beyond, after.sendTime).orWhere((same) => same.where('send_time', after.sendTime).andWhere('id', beyond, after.id)));
}

function isPosition(queryKey: string) {
  return (value: unknown): value is PagePosition => {
    const p = value as PagePosition | null;
    return typeof p === 'object' && p !== null && typeof p.id === 'number' && typeof p.sendTime === 'string' && p.q === queryKey;
  };
}
