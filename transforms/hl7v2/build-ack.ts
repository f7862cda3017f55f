import { acknowledgmentsDue } from './acknowledgments-due.ts';
import { judgeAckErrors, type Hl7v2AckError, type Hl7v2AckVerdict } from './hl7v2-ack-error.ts';
import type { Hl7v2Message } from './hl7v2-message.ts';
import { renderAck, type Hl7v2AckCode, type Hl7v2AckSource, type RenderAckOptions } from './render-ack.ts';

/** An accept (commit) acknowledgment answers CA/CE/CR; an application acknowledgment AA/AE/AR. */
export type Hl7v2AckKind = 'accept' | 'application';

export interface BuildAckOptions extends RenderAckOptions {
  /** Default: `accept` when the message uses enhanced mode (MSH-15/16 valued), else `application`. */
  kind?: Hl7v2AckKind;
}

const ACK_CODES: Record<Hl7v2AckKind, Record<Hl7v2AckVerdict, Hl7v2AckCode>> = {
  application: { accepted: 'AA', error: 'AE', rejected: 'AR' },
  accept: { accepted: 'CA', error: 'CE', rejected: 'CR' },
};

/**
 * Acknowledges a parsed message. No errors (or only warnings): AA/CA. Content errors:
 * AE/CE. System failures, and the standard's reject codes 200-203: AR/CR. Each error is
 * explained in ERR (and MSA-3 before v2.5).
 */
export function buildAck(message: Hl7v2Message, errors: readonly Hl7v2AckError[] = [], options: BuildAckOptions = {}): Hl7v2Message {
  const verdict = judgeAckErrors(errors);
  const kind = options.kind ?? (acknowledgmentsDue(message, verdict).mode === 'enhanced' ? 'accept' : 'application');
  return renderAck(ackSourceOf(message), ACK_CODES[kind][verdict], errors, options);
}

/** The MSH fields of a parsed message that an ACK echoes or swaps. */
function ackSourceOf(message: Hl7v2Message): Hl7v2AckSource {
  const wire = (path: string) => message.getEncoded(path) ?? '';
  return {
    delimiters: message.delimiters,
    encoding: message.encoding,
    sendingApplication: wire('MSH-3'),
    sendingFacility: wire('MSH-4'),
    receivingApplication: wire('MSH-5'),
    receivingFacility: wire('MSH-6'),
    triggerEvent: wire('MSH-9.2'),
    controlId: wire('MSH-10'),
    processingId: wire('MSH-11'),
    version: wire('MSH-12'),
    versionId: message.version,
    charset: wire('MSH-18'),
    enhanced: message.acceptAckType !== undefined || message.applicationAckType !== undefined,
  };
}
