/**
 * A parsed `messages.list` filter (Google Cloud Healthcare API's HL7v2 filter, in the
 * AIP-160 syntax), checked and typed once so the store can compile it to SQL.
 */
export type Hl7v2Filter =
  | { kind: 'and' | 'or'; operands: Hl7v2Filter[] }
  | { kind: 'not'; operand: Hl7v2Filter }
  | Hl7v2FilterTerm;

export type Hl7v2FilterOp = '=' | '!=' | '<' | '<=' | '>' | '>=';

/** Text compares by equality only, as Google defines text fields (and collations differ). */
export type Hl7v2FilterTextOp = '=' | '!=';

/** One restriction or function call: the leaves of the filter. */
export type Hl7v2FilterTerm =
  | { kind: 'text'; field: 'message_type' | 'send_facility'; op: Hl7v2FilterTextOp; value: string }
  | { kind: 'date'; field: 'send_date'; op: Hl7v2FilterOp; value: string }
  | { kind: 'timestamp'; field: 'send_time' | 'create_time'; op: Hl7v2FilterOp; value: Hl7v2FilterTimestamp }
  | { kind: 'label'; key: string; op: Hl7v2FilterTextOp; value: string }
  | { kind: 'hasLabel'; key: string }
  | { kind: 'patientId'; value: string; type: string };

/**
 * An RFC 3339 instant in the form the tables store (UTC, millisecond precision). A literal
 * finer than a millisecond is kept as the millisecond below it with `exact` false, so that
 * comparisons with stored values stay right (`t < 00.0005Z` is `t <= 00.000Z`).
 */
export interface Hl7v2FilterTimestamp {
  /** `YYYY-MM-DDTHH:MM:SS.sssZ`, the literal rounded down to the millisecond. */
  utc: string;
  /** False when the literal had a non-zero part below the millisecond. */
  exact: boolean;
}
