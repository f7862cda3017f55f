import { ApiError } from '../../engine/errors/api-error.ts';
import { groupCommitterOf } from '../../engine/regions/group-commit.ts';
import type { Region } from '../../engine/regions/region.ts';
import type { SqlTx } from '../../engine/regions/sql-tx.ts';
import { buildAck } from '../../transforms/hl7v2/build-ack.ts';
import { buildAckForUnparseable } from '../../transforms/hl7v2/build-ack-for-unparseable.ts';
import { Hl7v2ParseError } from '../../transforms/hl7v2/hl7v2-parse-error.ts';
import type { Labels } from '../datasets/labels.ts';
import type { StoreRecord } from '../datasets/store-repository.ts';
import type { Hl7v2MessageRecord } from './hl7v2-message-record.ts';
import { Hl7v2MessageStore } from './hl7v2-message-store.ts';
import { type Hl7v2StoreParserConfig, type PreparedHl7v2Message, prepareHl7v2Message } from './prepare-hl7v2-message.ts';

export interface Hl7v2IngestRequest {
  region: Region;
  store: StoreRecord;
  /** The dataset's time zone, for send_date. */
  timeZone: string;
  data: Buffer;
  labels: Labels;
  /** Writes the access's audit row in the same transaction. */
  audit: (tx: SqlTx) => Promise<void>;
}

export type Hl7v2IngestOutcome =
  | { kind: 'stored'; record: Hl7v2MessageRecord; ack: Buffer; duplicate: boolean }
  /** Refused for its content (unparseable, or a duplicate the store rejects): a NAK, nothing stored. */
  | { kind: 'refused'; nak: Buffer; error: ApiError };

/**
 * messages:ingest semantics, shared by the REST API and MLLP: parse with the store's
 * settings, then store the message, its index rows and the audit row in one group commit;
 * the ACK is returned only once that has committed. A byte-identical message creates
 * nothing new and gets the ACK it got the first time. A database failure is thrown (the
 * caller answers AR/CR or 503 so the sender retries).
 */
export async function ingestHl7v2Message(request: Hl7v2IngestRequest): Promise<Hl7v2IngestOutcome> {
  let prepared: PreparedHl7v2Message;
  try {
    prepared = prepareHl7v2Message(request.data, (request.store.config.parserConfig ?? {}) as Hl7v2StoreParserConfig, request.timeZone);
  } catch (error) {
    if (!(error instanceof Hl7v2ParseError)) throw error;
    const nak = buildAckForUnparseable(request.data, error).toBuffer();
    return { kind: 'refused', nak, error: new ApiError('INVALID_ARGUMENT', `the message cannot be parsed: ${error.message}`) };
  }
  const ack = buildAck(prepared.message).toBuffer();
  const messages = new Hl7v2MessageStore(request.region);
  try {
    const stored = await groupCommitterOf(request.region).commit(async (tx) => {
      const result = await messages.store(tx, request.store, prepared, request.labels, ack);
      await request.audit(tx);
      return result;
    });
    return { kind: 'stored', record: stored.record, ack: stored.record.ack ?? ack, duplicate: stored.duplicate };
  } catch (error) {
    if (!(error instanceof ApiError) || error.code !== 'ALREADY_EXISTS') throw error;
    const nak = buildAck(prepared.message, [{ kind: 'content', code: 205, text: error.message }]).toBuffer();
    return { kind: 'refused', nak, error };
  }
}
