import type { DeliveryStatus } from './journal.ts';

/** What became of a message at one destination, without its content. */
export interface ChannelDeliverySummary {
  destination: string;
  status: DeliveryStatus;
  attempts: number;
  error: string | null;
}

/** A journal message's metadata: what the message browser lists without content permission. */
export interface ChannelMessageRecord {
  pk: number;
  messageId: string;
  status: string;
  receivedTime: string;
  contentType: string;
  messageType: string;
  controlId: string;
  peer: string;
  error: string | null;
  filteredBy: string | null;
  rawSize: number;
  /** False when the storage mode kept no raw bytes: such a message cannot be reprocessed. */
  rawKept: boolean;
  /** The message id this one reprocesses, or null. */
  reprocessOf: string | null;
  deliveries: ChannelDeliverySummary[];
}

/** Every column but the content, and whether content is kept, so a listing never reads raw bytes. */
export const METADATA_COLUMNS = [
  'id', 'message_id', 'status', 'received_time', 'content_type', 'message_type', 'control_id', 'peer',
  'error', 'filtered_by', 'raw_size', 'reprocess_of',
] as const;

export const RAW_KEPT_SQL = 'case when raw is null and raw_blob is null then 0 else 1 end as raw_kept';

export type MetadataRow = Record<(typeof METADATA_COLUMNS)[number] | 'raw_kept', unknown>;

export interface DeliverySummaryRow {
  message_pk: number | string;
  destination: string;
  status: string;
  attempts: number;
  error: string | null;
}

export function toChannelMessageRecord(row: MetadataRow, deliveries: readonly DeliverySummaryRow[]): ChannelMessageRecord {
  return {
    pk: Number(row.id),
    messageId: String(row.message_id),
    status: String(row.status),
    receivedTime: String(row.received_time),
    contentType: String(row.content_type),
    messageType: String(row.message_type),
    controlId: String(row.control_id),
    peer: String(row.peer),
    error: (row.error as string | null) ?? null,
    filteredBy: (row.filtered_by as string | null) ?? null,
    rawSize: Number(row.raw_size),
    rawKept: Number(row.raw_kept) === 1,
    reprocessOf: (row.reprocess_of as string | null) ?? null,
    deliveries: deliveries.map((d) => ({ destination: d.destination, status: d.status as DeliveryStatus, attempts: Number(d.attempts), error: d.error })),
  };
}
