import { ackErrorFromParseError, type Hl7v2AckError } from './hl7v2-ack-error.ts';
import { resolveHl7v2Encoding } from './hl7v2-charset.ts';
import { DEFAULT_DELIMITERS, readDelimiters } from './hl7v2-delimiters.ts';
import type { Hl7v2Message } from './hl7v2-message.ts';
import { Hl7v2ParseError } from './hl7v2-parse-error.ts';
import { DEFAULT_HL7V2_VERSION } from './hl7v2-version.ts';
import { skipPrefix, toHl7v2Bytes } from './parse-hl7v2-message.ts';
import { renderAck, type Hl7v2AckSource, type RenderAckOptions } from './render-ack.ts';

/**
 * An AR for input the parser refused, so that the sender still gets an answer. Delimiters,
 * MSH-3..6, MSH-10, MSH-11, MSH-12 and MSH-18 are taken from whatever of the MSH line
 * could be read (as bytes, so they are echoed exactly); otherwise `|^~\&` and v2.5.
 */
export function buildAckForUnparseable(raw: Uint8Array | string, error: Error, options: RenderAckOptions = {}): Hl7v2Message {
  const ackError: Hl7v2AckError = error instanceof Hl7v2ParseError
    ? ackErrorFromParseError(error)
    : { kind: 'content', code: 207, text: error.message };
  return renderAck(readAckSource(toHl7v2Bytes(raw)), 'AR', [ackError], options);
}

function readAckSource(bytes: Buffer): Hl7v2AckSource {
  const start = skipPrefix(bytes);
  const delimiters = bytes.toString('latin1', start, start + 3) === 'MSH' ? readDelimiters(bytes, start) : undefined;
  if (delimiters === undefined || typeof delimiters === 'string') return defaultAckSource();
  let end = start;
  while (end < bytes.length && bytes[end] !== 0x0d && bytes[end] !== 0x0a) end++;
  // Fields are copied byte for byte (latin1 both ways); any with control characters is left out.
  // eslint-disable-next-line no-control-regex
  const fields = bytes.toString('latin1', start, end).split(delimiters.field).map((field) => (/[\u0000-\u001f]/.test(field) ? '' : field));
  const field = (n: number) => fields[n - 1] ?? '';
  const versionId = field(12).split(delimiters.component)[0];
  const validVersion = /^\d+(?:\.\d+)*$/.test(versionId);
  const charsetReadable = typeof resolveHl7v2Encoding(field(18), delimiters.repetition, Buffer.alloc(0), false) === 'string';
  return {
    delimiters,
    encoding: 'latin1',
    sendingApplication: field(3),
    sendingFacility: field(4),
    receivingApplication: field(5),
    receivingFacility: field(6),
    triggerEvent: field(9).split(delimiters.component)[1] ?? '',
    controlId: field(10),
    processingId: field(11),
    version: validVersion ? field(12) : DEFAULT_HL7V2_VERSION,
    versionId: validVersion ? versionId : DEFAULT_HL7V2_VERSION,
    charset: charsetReadable ? field(18) : '',
    enhanced: field(15).trim() !== '' || field(16).trim() !== '',
  };
}

function defaultAckSource(): Hl7v2AckSource {
  return {
    delimiters: DEFAULT_DELIMITERS, encoding: 'latin1', sendingApplication: '', sendingFacility: '', receivingApplication: '',
    receivingFacility: '', triggerEvent: '', controlId: '', processingId: 'P', version: DEFAULT_HL7V2_VERSION,
    versionId: DEFAULT_HL7V2_VERSION, charset: '', enhanced: false,
  };
}
