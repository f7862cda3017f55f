import { resolveHl7v2Encoding } from './hl7v2-charset.ts';
import type { Hl7v2Message } from './hl7v2-message.ts';
import { Hl7v2ParseError } from './hl7v2-parse-error.ts';
import { Hl7v2Segment, type Hl7v2SegmentContext } from './hl7v2-segment.ts';
import { parseHl7v2Message, readHeader, readSegmentId, skipPrefix, toHl7v2Bytes, type Hl7v2ParseOptions } from './parse-hl7v2-message.ts';
import { detectSegmentTerminator, scanSegments, type SegmentRange } from './scan-segments.ts';

/** One message of a batch: its bytes, and the parsed message or why it could not be parsed. */
export type Hl7v2BatchItem =
  | { bytes: Buffer; message: Hl7v2Message; error?: undefined }
  | { bytes: Buffer; message?: undefined; error: Hl7v2ParseError };

export interface Hl7v2Batch {
  /** The FHS, BHS, BTS and FTS segments, in input order (none for a bare sequence of messages). */
  envelope: Hl7v2Segment[];
  items: Hl7v2BatchItem[];
}

const ENVELOPE = new Set(['FHS', 'BHS', 'BTS', 'FTS']);

/**
 * Splits a batch file (FHS/BHS ... BTS/FTS) or a bare sequence of MSH messages into
 * messages. A message that cannot be parsed is reported in its item without failing the
 * others; an envelope that cannot be read throws Hl7v2ParseError.
 */
export function splitHl7v2Batch(input: Uint8Array | string, options: Hl7v2ParseOptions = {}): Hl7v2Batch {
  const bytes = toHl7v2Bytes(input);
  const start = skipPrefix(bytes);
  const firstId = bytes.toString('latin1', start, start + 3);
  const delimiters = readHeader(bytes, start, ENVELOPE.has(firstId) ? firstId : 'MSH');
  const segmentTerminator = options.segmentTerminator ?? detectSegmentTerminator(bytes, start);
  const ranges = scanSegments(bytes, start, typeof segmentTerminator === 'string' ? Buffer.from(segmentTerminator, 'latin1') : segmentTerminator);
  const context: Hl7v2SegmentContext = { delimiters, encoding: envelopeEncoding(bytes, start), charset: '' };
  const batch: Hl7v2Batch = { envelope: [], items: [] };
  let messageStart: number | undefined;
  ranges.forEach((range, index) => {
    const id = bytes.toString('latin1', range.start, range.start + 3);
    if (id !== 'MSH' && !ENVELOPE.has(id)) {
      if (messageStart === undefined) readOutsideMessage(bytes, range, index, context);
      return;
    }
    if (messageStart !== undefined) batch.items.push(parseItem(bytes.subarray(messageStart, range.start), segmentTerminator));
    messageStart = id === 'MSH' ? range.start : undefined;
    if (id !== 'MSH') batch.envelope.push(Hl7v2Segment.fromBytes(readSegmentId(bytes, range, index, delimiters), context, bytes, range.start, range.end));
  });
  if (messageStart !== undefined) batch.items.push(parseItem(bytes.subarray(messageStart), segmentTerminator));
  return batch;
}

function parseItem(bytes: Buffer, segmentTerminator: Uint8Array | string): Hl7v2BatchItem {
  try {
    return { bytes, message: parseHl7v2Message(bytes, { segmentTerminator }) };
  } catch (error) {
    if (error instanceof Hl7v2ParseError) return { bytes, error };
    throw error;
  }
}

/** Only envelope segments may stand outside a message. */
function readOutsideMessage(bytes: Buffer, range: SegmentRange, index: number, context: Hl7v2SegmentContext): never {
  const id = readSegmentId(bytes, range, index, context.delimiters);
  throw new Hl7v2ParseError(`a ${id} segment outside any message: a batch holds FHS, BHS, MSH messages, BTS and FTS`, {
    segment: id, segmentIndex: index, field: 0, position: range.start, code: 100,
  });
}

function envelopeEncoding(bytes: Buffer, start: number): Hl7v2SegmentContext['encoding'] {
  const encoding = resolveHl7v2Encoding('', '~', bytes.subarray(start), start >= 3 && bytes[0] === 0xef);
  return typeof encoding === 'string' ? encoding : 'latin1';
}
