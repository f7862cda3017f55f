import type { Hl7ErrorCode } from './hl7-error-code.ts';
import type { Hl7v2ParseError } from './hl7v2-parse-error.ts';

/**
 * `content`: the message itself is wrong (answered AE/CE: resending it will not help).
 * `system`: we failed (database down, queue full; answered AR/CR so the sender retries).
 */
export type Hl7v2ErrorKind = 'content' | 'system';

/** HL7 table 0516: E error, W warning, I information, F fatal. */
export type Hl7v2ErrorSeverity = 'E' | 'W' | 'I' | 'F';

/** Where the error is (ERR-2 from v2.5, the first components of ERR-1 before); numbers 1-based. */
export interface Hl7v2ErrorLocation {
  segmentId: string;
  /** Which occurrence of the segment in the message (1 for the first). */
  segmentSequence?: number;
  field?: number;
  fieldRepetition?: number;
  component?: number;
  subcomponent?: number;
}

/** One problem an ACK reports. */
export interface Hl7v2AckError {
  kind: Hl7v2ErrorKind;
  code: Hl7ErrorCode;
  /** Readable text for the sender's staff (ERR-8 from v2.5, MSA-3 before). */
  text: string;
  location?: Hl7v2ErrorLocation;
  /** Defaults to E. Only warnings and information leave a message accepted. */
  severity?: Hl7v2ErrorSeverity;
}

/** The outcome an ACK code states: accepted (AA/CA), error (AE/CE) or rejected (AR/CR). */
export type Hl7v2AckVerdict = 'accepted' | 'error' | 'rejected';

/** HL7's reject cases: message type, event, processing id or version not supported (table 0357 200-203). */
const REJECT_CODES = new Set<Hl7ErrorCode>([200, 201, 202, 203]);

export function judgeAckErrors(errors: readonly Hl7v2AckError[]): Hl7v2AckVerdict {
  if (errors.some((error) => error.kind === 'system' || (REJECT_CODES.has(error.code) && isError(error)))) return 'rejected';
  return errors.some(isError) ? 'error' : 'accepted';
}

function isError(error: Hl7v2AckError): boolean {
  return error.severity !== 'W' && error.severity !== 'I';
}

/** What an ACK says about input the parser refused. */
export function ackErrorFromParseError(error: Hl7v2ParseError): Hl7v2AckError {
  const location: Hl7v2ErrorLocation = { segmentId: error.segment, segmentSequence: error.segmentIndex + 1 };
  if (error.field > 0) location.field = error.field;
  return { kind: 'content', code: error.code, text: error.message, location };
}
