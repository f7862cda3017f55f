import type { Envelope, StageOutput } from '../channels/envelope.ts';
import type { Region } from '../regions/region.ts';
import type { SqlTx } from '../regions/sql-tx.ts';
import type { JournalDeliveryRow, JournalMessageRow } from './journal-row.ts';

/**
 * How the raw bytes are kept: in the row, as a blob reference (over 1 MB), or not at all.
 * A message received as a blob has both: its header in the row, the whole in the blob.
 */
export interface JournalRaw {
  bytes: Buffer | null;
  blob: string | null;
}

export type DeliveryStatus = 'SENT' | 'QUEUED' | 'FILTERED' | 'ERROR';

export interface DeliveryWrite {
  destination: string;
  status: DeliveryStatus;
  attempts: number;
  nextAttemptMs: number;
  /** What a forward destination will send; null for store landings (and when contentBlob is). */
  content: Buffer | null;
  /** What a forward destination will send, as a blob of the region's blob store (a message received as one). */
  contentBlob: string | null;
  response: string | null;
  error: string | null;
}

/** The outcome of one forward attempt, as the journal keeps it. */
export interface DeliveryAttempt {
  status: DeliveryStatus;
  attempts: number;
  nextAttemptMs: number;
  response: string | null;
  error: string | null;
}

/**
 * The channel journal of one region: message rows, stage outputs and delivery rows, all
 * written inside the caller's transaction (the commit that also lands the message in its
 * stores), read through the region's read path.
 */
export class Journal {
  constructor(private readonly region: Region) {}

  /** Insert the message's row; resolves with its primary key. */
  async insertMessage(tx: SqlTx, envelope: Envelope, raw: JournalRaw): Promise<number> {
    const now = new Date().toISOString();
    const { rows } = await tx.run<{ id: number | string }>(this.region.db('channel_messages').insert({
      channel: envelope.channel,
      message_id: envelope.messageId,
      received_time: envelope.receivedTime,
      updated_time: now,
      connection_id: envelope.origin.connectionId,
      peer: envelope.origin.peer,
      status: envelope.status,
      content_type: envelope.contentType,
      message_type: envelope.messageType,
      control_id: envelope.controlId.slice(0, 256),
      error: envelope.error ? `${envelope.error.stage}: ${envelope.error.text}` : null,
      filtered_by: envelope.filteredBy,
      raw: raw.bytes,
      raw_blob: raw.blob,
      raw_size: envelope.rawBlob?.size ?? envelope.raw.length,
      reprocess_of: envelope.origin.reprocessOf ?? null,
    }).returning('id'));
    return Number(rows[0].id);
  }

  /** Record where a message received earlier (on-receipt) ended up; `keepRaw` false drops its bytes. */
  async updateMessage(tx: SqlTx, pk: number, envelope: Envelope, keepRaw: boolean): Promise<void> {
    await tx.run(this.region.db('channel_messages').where({ id: pk }).update({
      updated_time: new Date().toISOString(),
      status: envelope.status,
      message_type: envelope.messageType,
      control_id: envelope.controlId.slice(0, 256),
      error: envelope.error ? `${envelope.error.stage}: ${envelope.error.text}` : null,
      filtered_by: envelope.filteredBy,
      ...(keepRaw ? {} : { raw: null, raw_blob: null }),
    }));
  }

  async insertOutputs(tx: SqlTx, pk: number, outputs: readonly StageOutput[]): Promise<void> {
    if (outputs.length === 0) return;
    await tx.run(this.region.db('channel_message_outputs').insert(
      outputs.map((output, seq) => ({ message_pk: pk, seq, stage: output.stage, content: output.content })),
    ));
  }

  async insertDeliveries(tx: SqlTx, pk: number, channel: string, deliveries: readonly DeliveryWrite[]): Promise<void> {
    if (deliveries.length === 0) return;
    const now = new Date().toISOString();
    await tx.run(this.region.db('channel_deliveries').insert(deliveries.map((d) => ({
      message_pk: pk,
      channel,
      destination: d.destination,
      status: d.status,
      attempts: d.attempts,
      next_attempt_ms: d.nextAttemptMs,
      content: d.content,
      content_blob: d.contentBlob,
      response: d.response,
      error: d.error,
      updated_time: now,
    }))));
  }

  /** A destination's queue, oldest message first. */
  queuedDeliveries(channel: string, destination: string, limit: number): Promise<JournalDeliveryRow[]> {
    return this.region.read<JournalDeliveryRow>(this.region.db('channel_deliveries')
      .where({ channel, destination, status: 'QUEUED' }).orderBy('message_pk').limit(limit));
  }

  /** How many deliveries wait in a destination's queue. */
  async queuedCount(channel: string, destination: string): Promise<number> {
    const [row] = await this.region.read<{ n: number | string }>(this.region.db('channel_deliveries').where({ channel, destination, status: 'QUEUED' }).count({ n: '*' }));
    return Number(row?.n ?? 0);
  }

  /** Record a forward attempt; once SENT the content is no longer needed. */
  async recordAttempt(pk: number, destination: string, attempt: DeliveryAttempt): Promise<void> {
    await this.region.db('channel_deliveries').where({ message_pk: pk, destination }).update({
      status: attempt.status,
      attempts: attempt.attempts,
      next_attempt_ms: attempt.nextAttemptMs,
      response: attempt.response,
      error: attempt.error,
      updated_time: new Date().toISOString(),
      ...(attempt.status === 'SENT' ? { content: null, content_blob: null } : {}),
    });
  }

  /** Messages received (on-receipt) whose processing did not finish: a crash came between. */
  unfinished(channel: string, limit: number): Promise<JournalMessageRow[]> {
    return this.region.read<JournalMessageRow>(this.region.db('channel_messages')
      .where({ channel, status: 'RECEIVED' }).orderBy('id').limit(limit));
  }

  getMessage(channel: string, messageId: string): Promise<JournalMessageRow | undefined> {
    return this.region.read<JournalMessageRow>(this.region.db('channel_messages').where({ channel, message_id: messageId }).limit(1)).then((rows) => rows[0]);
  }

  deliveriesOf(pk: number): Promise<JournalDeliveryRow[]> {
    return this.region.read<JournalDeliveryRow>(this.region.db('channel_deliveries').where({ message_pk: pk }).orderBy('destination'));
  }

  outputsOf(pk: number): Promise<Array<{ seq: number; stage: string; content: Buffer }>> {
    return this.region.read(this.region.db('channel_message_outputs').where({ message_pk: pk }).orderBy('seq'));
  }
}
