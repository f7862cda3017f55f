/**
 * A field of a message as filters name it: `PID-3`, `PID-3.1`, `PID-3[2].1`, `MSH-9.2`,
 * `PID-5.1.1`. The rule of transforms' HL7v2 paths (config/ imports nothing of ours), minus
 * segment occurrences, so a path the config accepts the filter can read.
 */
export const HL7V2_FIELD_PATH = /^[A-Z][A-Z0-9]{2}-[1-9]\d{0,3}(?:\[[1-9]\d{0,5}\])?(?:\.[1-9]\d{0,3}){0,2}$/;

export const HL7V2_FIELD_PATH_RULE =
  'must be a field path SEG-FIELD[REPETITION].COMPONENT.SUBCOMPONENT, such as PID-3.1, PID-3[2].1 or MSH-9.2: ' +
  'a segment ID of 3 upper-case letters or digits starting with a letter, then numbers from 1';

/** A whole segment as `remove` names it: `NK1`, `ZPI`. */
export const HL7V2_SEGMENT_ID = /^[A-Z][A-Z0-9]{2}$/;

/** MSH-1, MSH-2 (and FHS's, BHS's) and MSH-18: a parsed message's delimiters and character set. */
const FIXED_HEADER_FIELD = /^(?:(?:MSH|FHS|BHS)-[12]|MSH-18)(?![0-9])/;

/** Why set, remove or lookup cannot write at `path`, or null when they can. */
export function writableFieldProblem(path: string): string | null {
  if (!HL7V2_FIELD_PATH.test(path)) return `${HL7V2_FIELD_PATH_RULE} (got ${JSON.stringify(path)})`;
  if (FIXED_HEADER_FIELD.test(path)) return `${path.slice(0, path.search(/[[.]|$/))} cannot be changed: the delimiters and the character set of a parsed message are fixed`;
  return null;
}
