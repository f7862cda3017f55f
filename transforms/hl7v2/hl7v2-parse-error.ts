import type { Hl7ErrorCode } from './hl7-error-code.ts';

export interface Hl7v2ParseErrorDetails {
  /** The segment id as read ('' when none could be read). */
  segment: string;
  /** Zero-based index of the segment in the message. */
  segmentIndex: number;
  /** Field number as HL7 counts it (MSH-1 is the field separator); 0 is the segment id itself. */
  field: number;
  /** Byte offset in the input where the problem was found. */
  position: number;
  /** The HL7 table 0357 code an ACK reports for this problem. */
  code: Hl7ErrorCode;
}

/**
 * Input that is not an HL7v2 message. The only error the parser throws: every other
 * outcome is a parsed message. Names segment and field so that an ACK can point at them.
 */
export class Hl7v2ParseError extends Error implements Hl7v2ParseErrorDetails {
  override readonly name = 'Hl7v2ParseError';
  readonly segment: string;
  readonly segmentIndex: number;
  readonly field: number;
  readonly position: number;
  readonly code: Hl7ErrorCode;
  /** The problem alone, without the location prefix of `message`. */
  readonly reason: string;

  constructor(reason: string, details: Hl7v2ParseErrorDetails) {
    super(`${describeLocation(details)}: ${reason}`);
    this.reason = reason;
    this.segment = details.segment;
    this.segmentIndex = details.segmentIndex;
    this.field = details.field;
    this.position = details.position;
    this.code = details.code;
  }
}

function describeLocation(details: Hl7v2ParseErrorDetails): string {
  const segment = details.segment === '' ? `segment ${details.segmentIndex + 1}` : `${details.segment} (segment ${details.segmentIndex + 1})`;
  const field = details.field === 0 ? 'segment id' : `${details.segment || 'field'}-${details.field}`;
  return `HL7v2 parse error in ${segment}, ${field}, at byte ${details.position}`;
}
