import { HL7_ERROR_CODE_SYSTEM, hl7ErrorCodeText } from './hl7-error-code.ts';
import type { Hl7v2AckError, Hl7v2ErrorLocation } from './hl7v2-ack-error.ts';
import type { Hl7v2Delimiters } from './hl7v2-delimiters.ts';

/** Turns free text into one escaped leaf value (the caller makes it encodable first). */
export type EscapeText = (text: string) => string;

/**
 * ERR segments in the form the version allows: from v2.5 one ERR per error with ERR-2
 * (location), ERR-3 (table 0357 code), ERR-4 (severity) and ERR-8 (user message); before
 * v2.5 one ERR whose repeating ERR-1 holds segment^sequence^field^code&text&HL70357.
 */
export function renderAckErrors(errors: readonly Hl7v2AckError[], delimiters: Hl7v2Delimiters, fromV25: boolean, escape: EscapeText): string[] {
  if (errors.length === 0) return [];
  if (fromV25) {
    return errors.map((error) => joinTrimmed([
      'ERR', '', renderLocation(error.location, delimiters, escape), renderCode(error, delimiters.component), error.severity ?? 'E', '', '', '', escape(error.text),
    ], delimiters.field));
  }
  const elds = errors.map((error) => {
    const code = renderCode(error, delimiters.subcomponent);
    const location = error.location;
    return [location ? escape(location.segmentId) : '', location ? String(location.segmentSequence ?? 1) : '', numberOrEmpty(location?.field), code].join(delimiters.component);
  });
  return [`ERR${delimiters.field}${elds.join(delimiters.repetition)}`];
}

/** ERL: segment id^sequence^field^repetition^component^subcomponent. */
function renderLocation(location: Hl7v2ErrorLocation | undefined, delimiters: Hl7v2Delimiters, escape: EscapeText): string {
  if (!location) return '';
  return joinTrimmed([
    escape(location.segmentId),
    String(location.segmentSequence ?? 1),
    numberOrEmpty(location.field),
    numberOrEmpty(location.fieldRepetition),
    numberOrEmpty(location.component),
    numberOrEmpty(location.subcomponent),
  ], delimiters.component);
}

/** code, table text, HL70357: components of a CWE (v2.5) or subcomponents inside ELD (before). */
function renderCode(error: Hl7v2AckError, separator: string): string {
  return [String(error.code), hl7ErrorCodeText[error.code], HL7_ERROR_CODE_SYSTEM].join(separator);
}

function numberOrEmpty(value: number | undefined): string {
  return value === undefined ? '' : String(value);
}

/** Joins, leaving out the empty values at the end (an HL7 writer sends no trailing separators). */
export function joinTrimmed(values: string[], separator: string): string {
  let end = values.length;
  while (end > 1 && values[end - 1] === '') end--;
  return values.slice(0, end).join(separator);
}
