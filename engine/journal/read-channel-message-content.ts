import type { RawBlob } from '../channels/envelope.ts';
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

/** A message's raw bytes, whole: from the row or the region's blob store; null when not kept. */
export async function readJournalRaw(region: Region, pk: number): Promise<Buffer | null> {
  const [row] = await region.read<{ raw: Buffer | null; raw_blob: string | null }>(region.db('channel_messages').select('raw', 'raw_blob').where({ id: pk }));
  if (!row) return null;
  if (row.raw_blob) return new BlobStore(region.blobs).get(row.raw_blob);
  return row.raw === null ? null : Buffer.from(row.raw);
}

/** A journal row's raw columns. */
export interface JournalRawColumns {
  raw: Buffer | null;
  raw_blob: string | null;
  raw_size: number | string;
}

/**
 * A journal message's raw as its source handed it over, to run it again: the bytes (from
 * the row or, over 1 MB, the blob store), or for a message received as a blob (both
 * columns set: the row holds its header) the header and the blob, never read whole.
 * Null when the storage mode kept nothing.
 */
export async function receivedRawOf(region: Region, row: JournalRawColumns): Promise<{ raw: Buffer; rawBlob?: RawBlob } | null> {
  if (row.raw_blob && row.raw !== null) return { raw: Buffer.from(row.raw), rawBlob: { sha256: row.raw_blob, size: Number(row.raw_size) } };
  if (row.raw_blob) return { raw: await new BlobStore(region.blobs).get(row.raw_blob) };
  return row.raw === null ? null : { raw: Buffer.from(row.raw) };
}

/** receivedRawOf for the row `pk`. */
export async function readReceivedRaw(region: Region, pk: number): Promise<{ raw: Buffer; rawBlob?: RawBlob } | null> {
  const [row] = await region.read<JournalRawColumns>(region.db('channel_messages').select('raw', 'raw_blob', 'raw_size').where({ id: pk }));
  return row ? receivedRawOf(region, row) : null;
}
