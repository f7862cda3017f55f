import type { Region } from '../regions/region.ts';

/** A channel's counts from its journal, as Mirth's dashboard shows them. */
export interface ChannelStatistics {
  received: number;
  /** Still RECEIVED: journaled on receipt, not yet processed. */
  pending: number;
  transformed: number;
  filtered: number;
  errored: number;
  /** Per destination: sent, queued (waiting or retrying) and errored (dead-lettered or refused). */
  destinations: Record<string, { sent: number; queued: number; errored: number }>;
}

/** Counted from the journal's (channel, status) and (channel, destination, status) indexes. */
export async function readChannelStatistics(region: Region, channel: string): Promise<ChannelStatistics> {
  const messages = (await region.db('channel_messages').where({ channel }).groupBy('status').select('status').count({ n: '*' })) as Array<{ status: string; n: number | string }>;
  const deliveries = (await region.db('channel_deliveries').where({ channel }).groupBy('destination', 'status')
    .select('destination', 'status').count({ n: '*' })) as Array<{ destination: string; status: string; n: number | string }>;
  const count = (status: string) => Number(messages.find((row) => row.status === status)?.n ?? 0);
  const statistics: ChannelStatistics = {
    received: messages.reduce((sum, row) => sum + Number(row.n), 0),
    pending: count('RECEIVED'),
    transformed: count('TRANSFORMED'),
    filtered: count('FILTERED'),
    errored: count('ERROR'),
    destinations: {},
  };
  for (const row of deliveries) {
    const entry = (statistics.destinations[row.destination] ??= { sent: 0, queued: 0, errored: 0 });
    if (row.status === 'SENT') entry.sent += Number(row.n);
    else if (row.status === 'QUEUED') entry.queued += Number(row.n);
    else if (row.status === 'ERROR') entry.errored += Number(row.n);
  }
  return statistics;
}

/** A channel's statistics over the regions it journals in (a routing channel has several). */
export function sumChannelStatistics(parts: readonly ChannelStatistics[]): ChannelStatistics {
  const total: ChannelStatistics = { received: 0, pending: 0, transformed: 0, filtered: 0, errored: 0, destinations: {} };
  for (const part of parts) {
    total.received += part.received;
    total.pending += part.pending;
    total.transformed += part.transformed;
    total.filtered += part.filtered;
    total.errored += part.errored;
    for (const [name, counts] of Object.entries(part.destinations)) {
      const entry = (total.destinations[name] ??= { sent: 0, queued: 0, errored: 0 });
      entry.sent += counts.sent;
      entry.queued += counts.queued;
      entry.errored += counts.errored;
    }
  }
  return total;
}
