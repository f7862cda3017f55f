import type { Hl7ErrorCode } from './hl7-error-code.ts';
import { resolveHl7v2Encoding } from './hl7v2-charset.ts';
import { readDelimiters, type Hl7v2Delimiters } from './hl7v2-delimiters.ts';
import { Hl7v2Message, type Hl7v2SegmentSlot } from './hl7v2-message.ts';
import { Hl7v2ParseError } from './hl7v2-parse-error.ts';
import { Hl7v2Segment, type Hl7v2SegmentContext } from './hl7v2-segment.ts';
import { detectSegmentTerminator, scanSegments, type SegmentRange } from './scan-segments.ts';

export interface Hl7v2ParseOptions {
  /**
   * Split segments only at these bytes, as a store's `parserConfig.segmentTerminator`
   * asks; by default the first segment's terminator (CR, LF or CRLF) is used throughout.
   */
  segmentTerminator?: Uint8Array | string;
}

const BATCH_SEGMENTS = new Set(['MSH', 'FHS', 'BHS', 'BTS', 'FTS']);

/**
 * Parses one message. Segments are located and checked now; fields are split when first
 * read. Throws Hl7v2ParseError, and nothing else, for input that is not a message.
 */
export function parseHl7v2Message(input: Uint8Array | string, options: Hl7v2ParseOptions = {}): Hl7v2Message {
  const bytes = toHl7v2Bytes(input);
  const start = skipPrefix(bytes);
  const delimiters = readHeader(bytes, start, 'MSH');
  const terminator = options.segmentTerminator === undefined ? detectSegmentTerminator(bytes, start) : terminatorBytes(options.segmentTerminator);
  const ranges = scanSegments(bytes, start, terminator);
  const ids = readSegmentIds(bytes, ranges, delimiters);
  const context = readContext(bytes, start, ranges[0], delimiters);
  const slots: Hl7v2SegmentSlot[] = new Array(ranges.length);
  for (let index = 0; index < ranges.length; index++) {
    const { start: segmentStart, end, next } = ranges[index];
    slots[index] = { segment: Hl7v2Segment.fromBytes(ids[index], context, bytes, segmentStart, end), terminatorStart: end, terminatorEnd: next };
  }
  return new Hl7v2Message({ bytes, prefix: bytes.subarray(0, start), slots, context, segmentTerminator: Buffer.from(terminator) });
}

/** Every segment's id, checked; MSH, FHS, BHS, BTS and FTS only as the first (a batch is split first). */
function readSegmentIds(bytes: Buffer, ranges: SegmentRange[], delimiters: Hl7v2Delimiters): string[] {
  const ids: string[] = new Array(ranges.length);
  for (let index = 0; index < ranges.length; index++) {
    const id = readSegmentId(bytes, ranges[index], index, delimiters);
    if (index > 0 && BATCH_SEGMENTS.has(id)) {
      fail(`a ${id} segment inside a message: batches are read with splitHl7v2Batch`, id, index, 0, ranges[index].start, 100);
    }
    ids[index] = id;
  }
  return ids;
}

/** Bytes as given; text is encoded in the character set its MSH-18 declares (UTF-8 unless 8859/1). */
export function toHl7v2Bytes(input: Uint8Array | string): Buffer {
  if (typeof input !== 'string') return Buffer.isBuffer(input) ? input : Buffer.from(input.buffer, input.byteOffset, input.byteLength);
  const header = /^\uFEFF?[\r\n]*MSH(.)/.exec(input);
  const msh18 = header ? input.slice(0, input.search(/[\r\n]|$/m) + 1).split(header[1])[17] : undefined;
  return Buffer.from(input, msh18?.trim().toUpperCase().startsWith('8859/1') ? 'latin1' : 'utf8');
}

/** A UTF-8 byte order mark and blank lines may come before the header; they are kept, not parsed. */
export function skipPrefix(bytes: Uint8Array): number {
  let start = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  while (bytes[start] === 0x0d || bytes[start] === 0x0a) start++;
  return start;
}

/** Checks that a header segment (MSH, FHS, BHS) starts here and reads its delimiters. */
export function readHeader(bytes: Buffer, start: number, id: string): Hl7v2Delimiters {
  const found = String.fromCharCode(...bytes.subarray(start, start + 3));
  if (found !== id) {
    const what = bytes.length === start ? 'the input is empty' : `it starts with '${printable(found)}'`;
    fail(`a message must start with an ${id} segment, but ${what}`, id, 0, 0, start, 100);
  }
  const delimiters = readDelimiters(bytes, start);
  if (typeof delimiters === 'string') {
    const field = delimiters.includes('MSH-1') ? 1 : 2;
    fail(delimiters.replaceAll('MSH-', `${id}-`), id, 0, field, start + 2 + field, 102);
  }
  return delimiters;
}

/** A segment id is a capital letter and two capitals or digits, followed by the field separator or the end. */
export function readSegmentId(bytes: Uint8Array, range: SegmentRange, index: number, delimiters: Hl7v2Delimiters): string {
  const { start, end } = range;
  const [a, b, c] = [bytes[start], bytes[start + 1], bytes[start + 2]];
  const valid = end - start >= 3 && isUpper(a) && isUpperOrDigit(b) && isUpperOrDigit(c)
    && (end === start + 3 || bytes[start + 3] === delimiters.field.charCodeAt(0));
  if (!valid) {
    const seen = printable(String.fromCharCode(...bytes.subarray(start, Math.min(end, start + 8))));
    fail(`invalid segment id: a segment starts with a capital letter and two capitals or digits, then '${delimiters.field}'; found '${seen}'`, '', index, 0, start, 100);
  }
  return String.fromCharCode(a, b, c);
}

function readContext(bytes: Buffer, start: number, header: SegmentRange, delimiters: Hl7v2Delimiters): Hl7v2SegmentContext {
  const charset = readHeaderField(bytes, header, delimiters, 18);
  const encoding = resolveHl7v2Encoding(charset, delimiters.repetition, bytes.subarray(start), start >= 3 && bytes[0] === 0xef);
  if (typeof encoding !== 'string') fail(encoding.unsupported, 'MSH', 0, 18, header.start, 103);
  return { delimiters, encoding, charset };
}

/** Field n of a header segment, read from its bytes as ASCII: MSH-n follows the (n-1)th separator, MSH-1 itself the first. */
function readHeaderField(bytes: Buffer, header: SegmentRange, delimiters: Hl7v2Delimiters, n: number): string {
  const separator = delimiters.field.charCodeAt(0);
  let from = header.start + 3;
  for (let seen = 1; seen < n - 1; seen++) {
    const at = bytes.indexOf(separator, from + 1);
    if (at < 0 || at >= header.end) return '';
    from = at;
  }
  const next = bytes.indexOf(separator, from + 1);
  return bytes.toString('latin1', from + 1, next < 0 || next > header.end ? header.end : next);
}

function terminatorBytes(terminator: Uint8Array | string): Uint8Array {
  const bytes = typeof terminator === 'string' ? Buffer.from(terminator, 'latin1') : terminator;
  if (bytes.length === 0) throw new TypeError('segmentTerminator must not be empty');
  return bytes;
}

function isUpper(byte: number | undefined): boolean {
  return byte !== undefined && byte >= 0x41 && byte <= 0x5a;
}

function isUpperOrDigit(byte: number | undefined): boolean {
  return isUpper(byte) || (byte !== undefined && byte >= 0x30 && byte <= 0x39);
}

function printable(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f-\uffff]/g, (char) => `\\x${char.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

function fail(reason: string, segment: string, segmentIndex: number, field: number, position: number, code: Hl7ErrorCode): never {
  throw new Hl7v2ParseError(reason, { segment, segmentIndex, field, position, code });
}
