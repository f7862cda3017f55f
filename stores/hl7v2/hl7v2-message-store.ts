import { randomUUID } from 'node:crypto';
import { alreadyExists } from '../../engine/errors/api-error.ts';
import { insertRows } from '../../engine/regions/insert-rows.ts';
import type { Region } from '../../engine/regions/region.ts';
import type { SqlTx } from '../../engine/regions/sql-tx.ts';
import type { Labels } from '../datasets/labels.ts';
import type { StoreRecord } from '../datasets/store-repository.ts';
import { announceHl7v2Message } from './announce-hl7v2-message.ts';
import { fromHl7v2MessageRow, type Hl7v2MessageRecord, type Hl7v2MessageRow } from './hl7v2-message-record.ts';
import type { PreparedHl7v2Message } from './prepare-hl7v2-message.ts';

export interface StoredHl7v2Message {
  record: Hl7v2MessageRecord;
  /** True when the bytes were already in the store: nothing new was written. */
  duplicate: boolean;
}

/**
 * HL7v2 messages of the stores of one region. Writes run inside the caller's SqlTx (a
 * group commit with the audit row); reads use the region's read path.
 */
export class Hl7v2MessageStore {
  constructor(private readonly region: Region) {}

  /**
   * Store a prepared message, or find its byte-identical twin. With the store's
   * `rejectDuplicateMessage`, a twin is ALREADY_EXISTS instead. A new message is announced
   * (notificationConfigs, `:watch`) in the same transaction; a twin is not news.
   */
  async store(tx: SqlTx, store: StoreRecord, prepared: PreparedHl7v2Message, labels: Labels, ack: Buffer | null): Promise<StoredHl7v2Message> {
    const record: Hl7v2MessageRecord = {
      pk: 0,
      storePk: store.pk,
      // randomUUID draws from a cached entropy pool; randomBytes per message cost tens of microseconds here.
      messageId: randomUUID().replaceAll('-', ''),
      data: prepared.data,
      messageType: prepared.messageType,
      sendTime: prepared.sendTime,
      sendFacility: prepared.sendFacility,
      createTime: new Date().toISOString(),
      labels,
      patientIds: prepared.patientIds,
      ack,
    };
    // The unique (store, content hash) index finds a twin: no look-up before the insert.
    const rows = await insertRows<{ id: number | string }>(tx, 'hl7v2_messages', [{
      store_pk: store.pk,
      message_id: record.messageId,
      data: record.data,
      content_sha256: prepared.contentSha256,
      message_type: record.messageType,
      send_time: record.sendTime,
      send_date: prepared.sendDate,
      send_facility: record.sendFacility,
      create_time: record.createTime,
      labels: JSON.stringify(labels),
      patient_ids: JSON.stringify(record.patientIds),
      ack,
    }], ['id'], { onConflictDoNothing: ['store_pk', 'content_sha256'] });
    if (rows.length === 0) return this.twinOf(tx, store, prepared.contentSha256);
    record.pk = Number(rows[0].id);
    await this.insertIndexRows(tx, record);
    await announceHl7v2Message(tx, store, record, prepared.sendDate);
    return { record, duplicate: false };
  }

  /**
   * A byte-identical message is already stored: it is the answer, or, with the store's
   * `rejectDuplicateMessage`, an ALREADY_EXISTS error.
   */
  private async twinOf(tx: SqlTx, store: StoreRecord, sha256: string): Promise<StoredHl7v2Message> {
    const { rows } = await tx.run<Hl7v2MessageRow>(this.region.db('hl7v2_messages').where({ store_pk: store.pk, content_sha256: sha256 }).limit(1));
    const existing = fromHl7v2MessageRow(rows[0]);
    if (store.config.rejectDuplicateMessage === true) {
      throw alreadyExists(`the store already holds a byte-identical message: ${existing.messageId}`);
    }
    return { record: existing, duplicate: true };
  }

  async get(store: StoreRecord, messageId: string): Promise<Hl7v2MessageRecord | null> {
    const [row] = await this.region.read<Hl7v2MessageRow>(this.region.db('hl7v2_messages').where({ store_pk: store.pk, message_id: messageId }).limit(1));
    return row ? fromHl7v2MessageRow(row) : null;
  }

  async updateLabels(tx: SqlTx, record: Hl7v2MessageRecord, labels: Labels): Promise<void> {
    await tx.run(this.region.db('hl7v2_messages').where({ id: record.pk }).update({ labels: JSON.stringify(labels) }));
    await tx.run(this.region.db('hl7v2_labels').where({ message_pk: record.pk }).delete());
    await this.insertLabels(tx, { ...record, labels });
  }

  /** Erase a message and its index rows; false when it was not there. */
  async delete(tx: SqlTx, store: StoreRecord, messageId: string): Promise<boolean> {
    const { changes } = await tx.run(this.region.db('hl7v2_messages').where({ store_pk: store.pk, message_id: messageId }).delete());
    return changes > 0;
  }

  private async insertIndexRows(tx: SqlTx, record: Hl7v2MessageRecord): Promise<void> {
    if (record.patientIds.length > 0) {
      await insertRows(tx, 'hl7v2_patient_ids', record.patientIds.map((id) => ({ message_pk: record.pk, store_pk: record.storePk, value: id.value.slice(0, 256), type: id.type.slice(0, 64) })));
    }
    await this.insertLabels(tx, record);
  }

  private async insertLabels(tx: SqlTx, record: Hl7v2MessageRecord): Promise<void> {
    const entries = Object.entries(record.labels);
    if (entries.length === 0) return;
    await insertRows(tx, 'hl7v2_labels', entries.map(([key, value]) => ({ message_pk: record.pk, store_pk: record.storePk, key, value })));
  }
}
