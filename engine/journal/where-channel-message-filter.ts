import type { Knex } from 'knex';
import type { Region } from '../regions/region.ts';
import type { ChannelMessageFilter, ChannelMessageFilterField } from './channel-message-filter.ts';

type ComparedField = Exclude<ChannelMessageFilterField, 'destinationStatus' | 'content'>;

const COLUMNS: Record<ComparedField, string> = {
  status: 'channel_messages.status',
  receiveTime: 'channel_messages.received_time',
  messageType: 'channel_messages.message_type',
  controlId: 'channel_messages.control_id',
};

/** Add the filter to a query on `channel_messages` as one parenthesized condition. */
export function whereChannelMessageFilter(q: Knex.QueryBuilder, filter: ChannelMessageFilter, region: Region): void {
  switch (filter.kind) {
    case 'and':
      void q.where((b) => filter.operands.forEach((operand) => whereChannelMessageFilter(b, operand, region)));
      return;
    case 'or':
      void q.where((b) => filter.operands.forEach((operand) => b.orWhere((c) => whereChannelMessageFilter(c, operand, region))));
      return;
    case 'not':
      void q.whereNot((b) => whereChannelMessageFilter(b, filter.operand, region));
      return;
    case 'compare':
      whereCompare(q, filter, region);
  }
}

function whereCompare(q: Knex.QueryBuilder, compare: Extract<ChannelMessageFilter, { kind: 'compare' }>, region: Region): void {
  const { field, op, value } = compare;
  if (field === 'destinationStatus') {
    void q.whereExists((sub) => sub.select(region.db.raw('1')).from('channel_deliveries')
      .where('channel_deliveries.message_pk', region.db.ref('channel_messages.id')).andWhere('channel_deliveries.status', value));
    return;
  }
  if (field === 'content') {
    // Only raw kept in the row is searched: blobs (over 1 MB) would mean reading files per row.
    const { sql, bindings } = region.dialect.bytesContain('channel_messages.raw', Buffer.from(String(value), 'utf8'));
    void q.whereRaw(sql, bindings as Knex.RawBinding[]);
    return;
  }
  const column = COLUMNS[field];
  // received_time is always `toISOString()`: as strings of one format, times order as text does.
  const bound = field === 'receiveTime' ? new Date(value).toISOString() : value;
  if (op === ':') void q.whereRaw(`substr(??, 1, ${[...String(bound)].length}) = ?`, [column, bound]);
  else void q.where(column, op === '!=' ? '<>' : op, bound);
}
