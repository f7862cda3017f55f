/**
 * A field of a message as filters name it: `PID-3`, `PID-3.1`, `PID-3[2].1`, `MSH-9.2`,
 * `PID-5.1.1`. The rule of transforms' HL7v2 paths (config/ imports nothing of ours), minus
 * segment occurrences, so a path the config accepts the filter can read.
 */
export const HL7V2_FIELD_PATH = /^[A-Z][A-Z0-9]{2}-[1-9]\d{0,3}(?:\[[1-9]\d{0,5}\])?(?:\.[1-9]\d{0,3}){0,2}$/;

export const HL7V2_FIELD_PATH_RULE =
  'must be a field path SEG-FIELD[REPETITION].COMPONENT.SUBCOMPONENT, such as PID-3.1, PID-3[2].1 or MSH-9.2: ' +
  'a segment ID of 3 upper-case letters or digits starting with a letter, then numbers from 1';
