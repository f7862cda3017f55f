import { randomUUID } from 'node:crypto';
import { isEncodable, type Hl7v2TextEncoding } from './hl7v2-charset.ts';
import { formatHl7v2DateTime } from './hl7v2-date-time.ts';
import { encodingCharactersOf, type Hl7v2Delimiters } from './hl7v2-delimiters.ts';
import { encodeHl7v2Escapes } from './hl7v2-escape.ts';
import type { Hl7v2AckError } from './hl7v2-ack-error.ts';
import type { Hl7v2Message } from './hl7v2-message.ts';
import { isHl7v2VersionAtLeast } from './hl7v2-version.ts';
import { parseHl7v2Message } from './parse-hl7v2-message.ts';
import { joinTrimmed, renderAckErrors } from './render-ack-errors.ts';

export type Hl7v2AckCode = 'AA' | 'AE' | 'AR' | 'CA' | 'CE' | 'CR';

/** What an ACK takes from the message it answers: MSH fields as sent ('' when absent). */
export interface Hl7v2AckSource {
  delimiters: Hl7v2Delimiters;
  encoding: Hl7v2TextEncoding;
  sendingApplication: string;
  sendingFacility: string;
  receivingApplication: string;
  receivingFacility: string;
  /** MSH-9.2. */
  triggerEvent: string;
  /** MSH-10, echoed in MSA-2. */
  controlId: string;
  /** MSH-11. */
  processingId: string;
  /** MSH-12 as sent, echoed. */
  version: string;
  /** MSH-12.1 decoded: decides the ERR form and MSH-9's structure component. */
  versionId: string | undefined;
  /** MSH-18 as sent, echoed. */
  charset: string;
  /** The message used enhanced acknowledgment mode. */
  enhanced: boolean;
}

export interface RenderAckOptions {
  /** MSH-10 of the ACK; 20 random hex digits by default. */
  controlId?: string;
  /** MSH-7 of the ACK; now by default. */
  now?: Date;
}

/**
 * The ACK: MSH with sender and receiver swapped, `ACK^<trigger>^ACK`, the message's
 * version, processing id and encoding characters; MSA echoing MSH-10; ERR per version.
 */
export function renderAck(source: Hl7v2AckSource, code: Hl7v2AckCode, errors: readonly Hl7v2AckError[], options: RenderAckOptions = {}): Hl7v2Message {
  const d = source.delimiters;
  const escape = (text: string) => encodeHl7v2Escapes(encodable(text, source.encoding), d);
  const fromV25 = isHl7v2VersionAtLeast(source.versionId, '2.5');
  const structure = isHl7v2VersionAtLeast(source.versionId, '2.3.1') ? `${d.component}ACK` : '';
  const messageType = source.triggerEvent === '' && structure === '' ? 'ACK' : `ACK${d.component}${source.triggerEvent}${structure}`;
  const noAckOfAck = source.enhanced ? 'NE' : '';
  const msh = joinTrimmed([
    'MSH', encodingCharactersOf(d), source.receivingApplication, source.receivingFacility, source.sendingApplication, source.sendingFacility,
    formatHl7v2DateTime(options.now ?? new Date()), '', messageType, escape(options.controlId ?? ackControlId()),
    source.processingId, source.version, '', '', noAckOfAck, noAckOfAck, '', source.charset,
  ], d.field);
  const texts = errors.map((error) => error.text).join('; ');
  const msa = joinTrimmed(['MSA', code, source.controlId, fromV25 ? '' : escape(texts)], d.field);
  const segments = [msh, msa, ...renderAckErrors(errors, d, fromV25, escape)];
  return parseHl7v2Message(Buffer.from(segments.map((segment) => `${segment}\r`).join(''), source.encoding));
}

function encodable(text: string, encoding: Hl7v2TextEncoding): string {
  // eslint-disable-next-line no-control-regex
  return isEncodable(text, encoding) ? text : text.replace(/[^\u0000-\u00ff]/g, '?');
}

/**
 * MSH-10 of an ACK: 20 hex digits (HL7 allows 20 characters before v2.5) from a UUID,
 * which Node draws from a cached entropy pool; randomBytes costs about 40 us here.
 */
function ackControlId(): string {
  return randomUUID().replaceAll('-', '').slice(0, 20);
}
