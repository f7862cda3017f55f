import type { Labels } from '../datasets/labels.ts';
import type { Hl7v2PatientId } from './prepare-hl7v2-message.ts';

/** A stored HL7v2 message: its bytes and the fields its store indexes. */
export interface Hl7v2MessageRecord {
  pk: number;
  storePk: number;
  messageId: string;
  data: Buffer;
  messageType: string;
  sendTime: string;
  sendFacility: string;
  createTime: string;
  labels: Labels;
  patientIds: Hl7v2PatientId[];
  /** The ACK the message got when first ingested; null for messages.create. */
  ack: Buffer | null;
}

export interface Hl7v2MessageRow {
  id: number | string;
  store_pk: number;
  message_id: string;
  data: Buffer;
  message_type: string;
  send_time: string;
  send_facility: string;
  create_time: string;
  labels: string;
  patient_ids: string;
  ack: Buffer | null;
}

export function fromHl7v2MessageRow(row: Hl7v2MessageRow): Hl7v2MessageRecord {
  return {
    pk: Number(row.id),
    storePk: row.store_pk,
    messageId: row.message_id,
    data: Buffer.from(row.data),
    messageType: row.message_type,
    sendTime: row.send_time,
    sendFacility: row.send_facility,
    createTime: row.create_time,
    labels: JSON.parse(row.labels) as Labels,
    patientIds: JSON.parse(row.patient_ids) as Hl7v2PatientId[],
    ack: row.ack === null ? null : Buffer.from(row.ack),
  };
}
