/** MSA-1 acknowledgment codes: original mode (AA, AE, AR) and enhanced mode (CA, CE, CR). */
export type AckCode = 'AA' | 'AE' | 'AR' | 'CA' | 'CE' | 'CR';

export interface AckFields {
  /** MSA-1. */
  code: AckCode;
  /** MSA-2: MSH-10 of the message this ACK answers. */
  controlId: string;
}

const ACK_CODES: ReadonlySet<string> = new Set<AckCode>(['AA', 'AE', 'AR', 'CA', 'CE', 'CR']);
/** The UTF-8 byte order mark as latin1 decoding shows it. */
const BOM_AS_LATIN1 = '\xef\xbb\xbf';
const MSH_10 = 9;

/*
 * Only what the MLLP sender needs to classify an answer, so that connectors/mllp does not
 * depend on the parser in transforms/hl7v2: MSH-1 and MSH-2 give the separators, segments
 * end with CR, LF or CRLF, and the fields read here are plain ASCII in every character set.
 */

/** MSA-1 and MSA-2 of an ACK, or null when the bytes are not an ACK with a known code. */
export function readAckFields(ack: Buffer): AckFields | null {
  const text = readHeaderText(ack);
  if (text === null) return null;
  const msa = findSegment(text, 'MSA');
  if (msa === null) return null;
  const fields = msa.split(text[3]);
  const code = fields[1]?.split(text[4])[0] ?? '';
  return ACK_CODES.has(code) ? { code: code as AckCode, controlId: fields[2]?.split(text[4])[0] ?? '' } : null;
}

/** MSH-10 of a message, or null when it has no readable MSH. */
export function readMessageControlId(message: Buffer): string | null {
  const text = readHeaderText(message);
  if (text === null) return null;
  return findSegment(text, 'MSH')?.split(text[3])[MSH_10] ?? null;
}

function readHeaderText(bytes: Buffer): string | null {
  let text = bytes.toString('latin1');
  if (text.startsWith(BOM_AS_LATIN1)) text = text.slice(BOM_AS_LATIN1.length);
  return text.startsWith('MSH') && text.length >= 8 ? text : null;
}

function findSegment(text: string, id: string): string | null {
  const start = text.startsWith(id + text[3]) ? 0 : findSegmentStart(text, id + text[3]);
  if (start === -1) return null;
  const end = text.slice(start).search(/[\r\n]/);
  return end === -1 ? text.slice(start) : text.slice(start, start + end);
}

function findSegmentStart(text: string, prefix: string): number {
  for (const terminator of ['\r', '\n']) {
    const found = text.indexOf(terminator + prefix);
    if (found !== -1) return found + 1;
  }
  return -1;
}
