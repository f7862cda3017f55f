/** MSA-1 acknowledgment codes: original mode (AA, AE, AR) and enhanced mode (CA, CE, CR). */
export type AckCode = 'AA' | 'AE' | 'AR' | 'CA' | 'CE' | 'CR';

const ACK_CODES: ReadonlySet<string> = new Set<AckCode>(['AA', 'AE', 'AR', 'CA', 'CE', 'CR']);
/** The UTF-8 byte order mark as latin1 decoding shows it. */
const BOM_AS_LATIN1 = '\xef\xbb\xbf';

/**
 * MSA-1 of an ACK, or null when the bytes are not an ACK we can read. Only what the
 * sender needs to classify an answer: MSH-1 gives the field separator, the MSA segment
 * follows a segment terminator (CR, LF or CRLF). The full parser lives in transforms/hl7v2.
 */
export function readAckCode(ack: Buffer): AckCode | null {
  const text = stripBom(ack.toString('latin1'));
  if (!text.startsWith('MSH') || text.length < 8) return null;
  const fieldSeparator = text[3];
  const componentSeparator = text[4];
  const segmentStart = findMsaSegment(text, fieldSeparator);
  if (segmentStart === -1) return null;
  const code = readUntil(text, segmentStart + 4, [fieldSeparator, componentSeparator, '\r', '\n']);
  return ACK_CODES.has(code) ? (code as AckCode) : null;
}

function stripBom(text: string): string {
  return text.startsWith(BOM_AS_LATIN1) ? text.slice(BOM_AS_LATIN1.length) : text;
}

function findMsaSegment(text: string, fieldSeparator: string): number {
  for (const terminator of ['\r', '\n']) {
    const found = text.indexOf(`${terminator}MSA${fieldSeparator}`);
    if (found !== -1) return found + 1;
  }
  return -1;
}

function readUntil(text: string, from: number, stops: readonly string[]): string {
  let end = from;
  while (end < text.length && !stops.includes(text[end])) end += 1;
  return text.slice(from, end);
}
