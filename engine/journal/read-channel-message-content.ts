import { BlobStore } from '../regions/blob-store.ts';
import type { Region } from '../regions/region.ts';

/** A journal message's content, as far as the storage mode kept it (health data: its own permission). */
export interface ChannelMessageContent {
  /** The bytes as received; null when the storage mode kept none. */
  raw: Buffer | null;
  /** Each stage's output, in order (storage mode `full`). */
  outputs: Array<{ stage: string; content: Buffer }>;
  /** Per destination: the peer's answer (an ACK) or the store's resource, and what a forward sends until it is sent. */
  deliveries: Array<{ destination: string; response: string | null; content: Buffer | null }>;
}

export async function readChannelMessageContent(region: Region, pk: number): Promise<ChannelMessageContent> {
  const [raw, outputs, deliveries] = await Promise.all([
    readJournalRaw(region, pk),
    region.read<{ stage: string; content: Buffer }>(region.db('channel_message_outputs').select('stage', 'content').where({ message_pk: pk }).orderBy('seq')),
    region.read<{ destination: string; response: string | null; content: Buffer | null }>(region.db('channel_deliveries')
      .select('destination', 'response', 'content').where({ message_pk: pk }).orderBy('destination')),
  ]);
  return {
    raw,
    outputs: outputs.map((o) => ({ stage: o.stage, content: Buffer.from(o.content) })),
    deliveries: deliveries.map((d) => ({ destination: d.destination, response: d.response, content: d.content === null ? null : Buffer.from(d.content) })),
  };
}

/** A message's raw bytes, from the row or (over 1 MB) from the region's blob store; null when not kept. */
export async function readJournalRaw(region: Region, pk: number): Promise<Buffer | null> {
  const [row] = await region.read<{ raw: Buffer | null; raw_blob: string | null }>(region.db('channel_messages').select('raw', 'raw_blob').where({ id: pk }));
  if (!row) return null;
  if (row.raw_blob) return new BlobStore(region.blobs).get(row.raw_blob);
  return row.raw === null ? null : Buffer.from(row.raw);
}
