/** A `channel_messages` row as the database gives it back. */
export interface JournalMessageRow {
  id: number | string;
  channel: string;
  message_id: string;
  received_time: string;
  updated_time: string;
  connection_id: string;
  peer: string;
  status: string;
  content_type: string;
  message_type: string;
  control_id: string;
  error: string | null;
  filtered_by: string | null;
  raw: Buffer | null;
  raw_blob: string | null;
  /** A bigint: PostgreSQL gives it as a string. */
  raw_size: number | string;
  reprocess_of: string | null;
}

/** A `channel_deliveries` row. */
export interface JournalDeliveryRow {
  message_pk: number | string;
  channel: string;
  destination: string;
  status: string;
  attempts: number;
  next_attempt_ms: number | string;
  content: Buffer | null;
  /** The blob to send instead of `content` (a message received as a blob). */
  content_blob: string | null;
  response: string | null;
  error: string | null;
  updated_time: string;
}
