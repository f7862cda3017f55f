/** Where one segment lies in the input: its text, then its terminator up to `next`. */
export interface SegmentRange {
  start: number;
  end: number;
  next: number;
}

const CR = 0x0d;
const LF = 0x0a;
export const CARRIAGE_RETURN = Uint8Array.of(CR);
const LINE_FEED = Uint8Array.of(LF);
const CR_LF = Uint8Array.of(CR, LF);

/**
 * The terminator of the first segment (CR, LF or CRLF) is taken for the whole message, so
 * that a line feed inside a CR-terminated message stays data. CR when there is none.
 */
export function detectSegmentTerminator(bytes: Buffer, from: number): Uint8Array {
  const cr = bytes.indexOf(CR, from);
  const lf = bytes.indexOf(LF, from);
  if (lf >= 0 && (cr < 0 || lf < cr)) return LINE_FEED;
  if (cr < 0) return CARRIAGE_RETURN;
  return bytes[cr + 1] === LF ? CR_LF : CARRIAGE_RETURN;
}

/**
 * Splits the input into segment ranges. Blank lines and stray CR/LF after a terminator
 * belong to that terminator, so that serializing the ranges gives back every byte.
 */
export function scanSegments(bytes: Buffer, from: number, terminator: Uint8Array): SegmentRange[] {
  const ranges: SegmentRange[] = [];
  const needle: number | Uint8Array = terminator.length === 1 ? terminator[0] : terminator;
  let start = from;
  while (start < bytes.length) {
    const found = bytes.indexOf(needle, start);
    const end = found < 0 ? bytes.length : found;
    const next = found < 0 ? bytes.length : skipTerminators(bytes, found + terminator.length, terminator);
    ranges.push({ start, end, next });
    start = next;
  }
  return ranges;
}

function skipTerminators(bytes: Uint8Array, from: number, terminator: Uint8Array): number {
  let next = from;
  for (;;) {
    if (bytes[next] === CR || bytes[next] === LF) next++;
    else if (startsWithAt(bytes, next, terminator)) next += terminator.length;
    else return next;
  }
}

function startsWithAt(bytes: Uint8Array, at: number, prefix: Uint8Array): boolean {
  if (at + prefix.length > bytes.length) return false;
  for (let i = 0; i < prefix.length; i++) if (bytes[at + i] !== prefix[i]) return false;
  return true;
}
