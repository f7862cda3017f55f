/**
 * HL7 table 0357 (message error condition codes), the codes an ACK's ERR-3 (from v2.5) or
 * ERR-1 (before v2.5) carries, with the table's own display text.
 */
export const hl7ErrorCodeText = {
  0: 'Message accepted',
  100: 'Segment sequence error',
  101: 'Required field missing',
  102: 'Data type error',
  103: 'Table value not found',
  200: 'Unsupported message type',
  201: 'Unsupported event code',
  202: 'Unsupported processing id',
  203: 'Unsupported version id',
  204: 'Unknown key identifier',
  205: 'Duplicate key identifier',
  206: 'Application record locked',
  207: 'Application internal error',
} as const;

export type Hl7ErrorCode = keyof typeof hl7ErrorCodeText;

/** The coding system name HL7 gives table 0357 in CE/CWE components. */
export const HL7_ERROR_CODE_SYSTEM = 'HL70357';
