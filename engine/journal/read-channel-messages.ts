import type { Knex } from 'knex';
import type { Region } from '../regions/region.ts';
import type { ChannelMessageFilter } from './channel-message-filter.ts';
import {
  type ChannelMessageRecord, type DeliverySummaryRow, METADATA_COLUMNS, type MetadataRow, RAW_KEPT_SQL, toChannelMessageRecord,
} from './channel-message-record.ts';
import { whereChannelMessageFilter } from './where-channel-message-filter.ts';

export interface ChannelMessageQuery {
  /** The channel's name (the journal's `channel` column). */
  channel: string;
  filter: ChannelMessageFilter | null;
  /** Keyset position: only messages older than this journal key (the last of the previous page). */
  beforePk: number | null;
  limit: number;
}

/**
 * A channel's messages newest first, by journal key: messages that arrive meanwhile get
 * higher keys, so they never shift the pages after a position.
 */
export async function listChannelMessages(region: Region, query: ChannelMessageQuery): Promise<ChannelMessageRecord[]> {
  const builder = selectMetadata(region)
    .where('channel', query.channel)
    .modify((q) => {
      if (query.filter) whereChannelMessageFilter(q, query.filter, region);
      if (query.beforePk !== null) void q.where('id', '<', query.beforePk);
    })
    .orderBy('id', 'desc')
    .limit(query.limit);
  return withDeliveries(region, await region.read<MetadataRow>(builder));
}

/** One message's metadata by its id, or null. */
export async function getChannelMessage(region: Region, channel: string, messageId: string): Promise<ChannelMessageRecord | null> {
  const rows = await region.read<MetadataRow>(selectMetadata(region).where({ channel, message_id: messageId }).limit(1));
  return (await withDeliveries(region, rows))[0] ?? null;
}

/** A message a filter matched: enough to read its content again. */
export interface MatchedChannelMessage {
  pk: number;
  messageId: string;
  contentType: string;
}

/** The messages a filter matches, oldest first (arrival order), at most `limit`. */
export async function matchChannelMessages(region: Region, channel: string, filter: ChannelMessageFilter | null, limit: number): Promise<MatchedChannelMessage[]> {
  const builder = region.db('channel_messages').select('id', 'message_id', 'content_type').where('channel', channel)
    .modify((q) => {
      if (filter) whereChannelMessageFilter(q, filter, region);
    })
    .orderBy('id', 'asc')
    .limit(limit);
  const rows = await region.read<{ id: number | string; message_id: string; content_type: string }>(builder);
  return rows.map((row) => ({ pk: Number(row.id), messageId: row.message_id, contentType: row.content_type }));
}

function selectMetadata(region: Region): Knex.QueryBuilder {
  return region.db('channel_messages').select(...METADATA_COLUMNS.map((c) => `channel_messages.${c}`), region.db.raw(RAW_KEPT_SQL));
}

async function withDeliveries(region: Region, rows: MetadataRow[]): Promise<ChannelMessageRecord[]> {
  if (rows.length === 0) return [];
  const deliveries = await region.read<DeliverySummaryRow>(region.db('channel_deliveries')
    .select('message_pk', 'destination', 'status', 'attempts', 'error')
    .whereIn('message_pk', rows.map((row) => Number(row.id)))
    .orderBy(['message_pk', 'destination']));
  const byPk = new Map<number, DeliverySummaryRow[]>();
  for (const delivery of deliveries) {
    const pk = Number(delivery.message_pk);
    byPk.set(pk, [...(byPk.get(pk) ?? []), delivery]);
  }
  return rows.map((row) => toChannelMessageRecord(row, byPk.get(Number(row.id)) ?? []));
}
