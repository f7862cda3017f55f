import type { MllpListenerConfig } from '../../config/server-config.ts';
import type { AuditEntry } from '../../engine/audit/audit-entry.ts';
import type { AuditLog } from '../../engine/audit/audit-log.ts';
import type { Logger } from '../../engine/logger.ts';
import type { Regions } from '../../engine/regions/regions.ts';
import { Hl7v2StoreTarget } from '../../stores/hl7v2/hl7v2-store-target.ts';
import { ingestHl7v2Message } from '../../stores/hl7v2/ingest-hl7v2-message.ts';
import { buildAck } from '../../transforms/hl7v2/build-ack.ts';
import { buildAckForUnparseable } from '../../transforms/hl7v2/build-ack-for-unparseable.ts';
import type { Hl7v2AckError } from '../../transforms/hl7v2/hl7v2-ack-error.ts';
import { parseHl7v2Message } from '../../transforms/hl7v2/parse-hl7v2-message.ts';
import { listenerOptionsOf } from './listener-options-of.ts';
import { MllpListener, type MllpListenerOptions } from './mllp-listener.ts';

export interface MllpStoreIngestDeps {
  regions: Regions;
  audit: AuditLog;
  logger: Logger;
}

/**
 * An MLLP port bound straight to one HL7v2 store, with messages:ingest semantics: each
 * message is committed (group commit, audit row inside) before its ACK is sent. Content
 * errors answer AE/CE or AR for unparseable input; a store or database failure answers
 * AR/CR so the sender retries.
 */
export function createMllpStoreListener(config: MllpListenerConfig, deps: MllpStoreIngestDeps): MllpListener {
  const target = new Hl7v2StoreTarget(config.store, (location) => deps.regions.get(location));
  const region = target.region;
  const logger = deps.logger.child({ mllp: `${config.host}:${config.port}`, store: config.store });
  let sequence = 0;
  const handleMessage: MllpListenerOptions['handleMessage'] = async (frame, context) => {
    const entry = (status: number): AuditEntry => ({
      time: new Date().toISOString(),
      principal: context.peer.certificateSubject ? `mllp:${context.peer.certificateSubject}` : `mllp:${context.peer.address}`,
      permission: 'healthcare.hl7V2Messages.ingest',
      resource: config.store,
      method: 'MLLP ingest',
      status,
      requestId: `${context.connectionId}-${++sequence}`,
      peer: context.peer.address,
      logType: 'DATA_WRITE',
      service: 'hl7v2',
    });
    try {
      const resolved = await target.resolve();
      if (!resolved) return systemFailure(frame, `store ${config.store} does not exist`);
      const outcome = await ingestHl7v2Message({
        region, store: resolved.store, timeZone: resolved.timeZone, data: frame, labels: {},
        audit: (tx) => deps.audit.recordIn(tx, entry(200)),
      });
      if (outcome.kind === 'stored') return outcome.ack;
      deps.audit.record(region, entry(outcome.error.httpStatus));
      return outcome.nak;
    } catch (error) {
      logger.error({ err: error, connectionId: context.connectionId }, 'MLLP ingest failed; answering AR so the sender retries');
      deps.audit.record(region, entry(503));
      return systemFailure(frame, 'the message could not be stored; send it again later');
    }
  };
  return new MllpListener({
    ...listenerOptionsOf(config, `mllp ${config.host}:${config.port}`),
    logger,
    handleMessage,
    answerOversized: (head) => buildAckForUnparseable(head, new Error(`the message exceeds the ${config.maxFrameBytes}-byte limit of this port`)).toBuffer(),
  });
}

/** AR (CR in enhanced mode) with ERR 207, echoing what can be read of the message's header. */
function systemFailure(frame: Buffer, text: string): Buffer {
  const error: Hl7v2AckError = { kind: 'system', code: 207, text };
  try {
    return buildAck(parseHl7v2Message(frame), [error]).toBuffer();
  } catch {
    return buildAckForUnparseable(frame, new Error(text)).toBuffer();
  }
}
