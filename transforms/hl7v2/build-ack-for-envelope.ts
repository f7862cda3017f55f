import type { Envelope } from '../../engine/channels/envelope.ts';
import { buildAck } from './build-ack.ts';
import { buildAckForUnparseable } from './build-ack-for-unparseable.ts';
import type { Hl7ErrorCode } from './hl7-error-code.ts';
import type { Hl7v2AckError } from './hl7v2-ack-error.ts';
import { Hl7v2Message } from './hl7v2-message.ts';
import { parseHl7v2Message } from './parse-hl7v2-message.ts';

/**
 * The ACK a channel source sends for an HL7v2 message (MLLP, or `:send` over HTTP), from
 * where the message ended up: received, transformed or filtered is AA (CA); a content
 * error is AE (CE) with its ERR; unparseable input, a rejected (unroutable) message and
 * system failures are AR (CR) so the sender retries or looks. In enhanced mode it is the
 * accept ACK (CA/CE/CR), sent even when MSH-15 says NE or ER: senders that set MSH-15 to
 * NE still wait on the socket for an answer (one of the shared ADT fixtures does), and a
 * connection that never answers stalls a feed, so Plexus answers every message, as Mirth
 * does by default.
 */
export function buildAckForEnvelope(envelope: Envelope): Buffer {
  const error = envelope.error;
  if (error?.unparseable) return buildAckForUnparseable(envelope.raw, new Error(error.text)).toBuffer();
  const message = envelope.parsed instanceof Hl7v2Message ? envelope.parsed : tryParse(envelope.raw);
  // A rejected message is answered AR/CR, as HL7 answers a message it refuses whole.
  const errors: Hl7v2AckError[] = error ? [{ kind: error.kind === 'rejected' ? 'system' : error.kind, code: error.code as Hl7ErrorCode, text: `${error.stage}: ${error.text}` }] : [];
  if (!message) return buildAckForUnparseable(envelope.raw, new Error(error?.text ?? 'the message has no readable MSH segment')).toBuffer();
  return buildAck(message, errors).toBuffer();
}

/** A channel without a parse stage still answers with a proper ACK when the header can be read. */
function tryParse(raw: Buffer): Hl7v2Message | null {
  try {
    return parseHl7v2Message(raw);
  } catch {
    return null;
  }
}
