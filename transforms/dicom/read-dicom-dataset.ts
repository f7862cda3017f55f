import { inflateRawSync } from 'node:zlib';
import { DicomByteCursor } from './dicom-byte-cursor.ts';
import { readElementHeader, type ElementHeader } from './read-element-header.ts';
import { vrOfTag, type VrContext } from './dicom-dictionary.ts';
import type { DicomJson } from './dicom-json.ts';
import { DicomParseError, NeedMoreBytes } from './dicom-parse-error.ts';
import { BINARY_VRS, decodeDicomValue, type ValueContext } from './decode-dicom-value.ts';
import { encodingOf } from './transfer-syntax.ts';

const UNDEFINED = 0xffffffff;
const PIXEL_DATA = '7FE00010';
const ITEM = 'FFFEE000';
const ITEM_END = 'FFFEE00D';
const SEQUENCE_END = 'FFFEE0DD';
const MAX_DEPTH = 32;

export interface ReadDatasetOptions {
  transferSyntaxUid: string;
  /** True when `bytes` hold the rest of the input; otherwise running out is NeedMoreBytes. */
  complete: boolean;
  /** Stop at the top-level Pixel Data element rather than reading it. */
  stopAtPixelData: boolean;
  bulkDataThreshold?: number;
  bulkDataUri?: (tagPath: string) => string;
  onBulkData?: (tagPath: string, bytes: Buffer) => void;
}

export interface DatasetRead {
  dataset: DicomJson;
  /** Where the top-level Pixel Data element starts, when reading stopped there. */
  pixelDataOffset: number | null;
}

/**
 * Read a dataset (everything after the file meta header, or a DIMSE data set) into the
 * DICOM JSON model, up to the Pixel Data element when asked, so that a large instance's
 * header is read without its pixels.
 */
export function readDicomDataset(bytes: Buffer, start: number, options: ReadDatasetOptions): DatasetRead {
  const encoding = encodingOf(options.transferSyntaxUid);
  let source = bytes;
  let offset = start;
  if (encoding.deflated) {
    if (!options.complete) throw new NeedMoreBytes('a deflated dataset is read whole');
    source = inflate(bytes.subarray(start));
    offset = 0;
  }
  const reader = new DatasetReader(new DicomByteCursor(source, encoding.littleEndian, options.complete || encoding.deflated, offset), encoding.explicitVr, {
    littleEndian: encoding.littleEndian,
    charsets: [],
    bulkDataThreshold: options.bulkDataThreshold ?? 1024,
    bulkDataUri: options.bulkDataUri ?? ((path) => `bulkdata/${path}`),
    onBulkData: options.onBulkData,
  });
  const dataset = reader.readUntil(Infinity, options.stopAtPixelData, '', 0);
  return { dataset, pixelDataOffset: encoding.deflated ? null : reader.pixelDataOffset };
}

/** A deflated dataset inflates to this at most: a few KB of input cannot take the memory. */
const MAX_INFLATED = 256 * 1024 * 1024;

/** Inflate a Deflated Explicit VR Little Endian dataset (PS3.5 A.5), bounded. */
export function inflate(bytes: Buffer): Buffer {
  try {
    return inflateRawSync(bytes, { maxOutputLength: MAX_INFLATED });
  } catch (error) {
    throw new DicomParseError(`the deflated dataset does not inflate: ${(error as Error).message}`);
  }
}

/** How errors name an element's value. */
function describeValue(header: ElementHeader): string {
  return `the value of element (${header.tag.slice(0, 4)},${header.tag.slice(4)})`;
}

class DatasetReader {
  pixelDataOffset: number | null = null;
  /** Pixel Representation and Bits Allocated as read so far: they decide ambiguous implicit VRs. */
  private readonly vrContext: VrContext = {};

  constructor(
    private readonly cursor: DicomByteCursor,
    private readonly explicitVr: boolean,
    private readonly context: ValueContext,
  ) {}

  /** Elements up to `end` (or an item delimiter when `end` is Infinity inside an item). */
  readUntil(end: number, stopAtPixelData: boolean, path: string, depth: number): DicomJson {
    const dataset: DicomJson = {};
    const cursor = this.cursor;
    while (cursor.pos < end) {
      if (end === Infinity && depth === 0 && cursor.atEnd) {
        // Without the rest of the input, the end of these bytes is not the end of the dataset.
        if (!cursor.complete) throw new NeedMoreBytes('the elements after the last one read');
        break;
      }
      const headerStart = cursor.pos;
      const header = this.readHeader();
      if (header.tag === ITEM_END) {
        if (depth === 0) throw new DicomParseError(`an item delimiter outside any item at offset ${headerStart}`);
        break;
      }
      if (depth === 0 && stopAtPixelData && header.tag === PIXEL_DATA) {
        this.pixelDataOffset = headerStart;
        break;
      }
      const tagPath = path ? `${path}/${header.tag}` : header.tag;
      const attribute = this.readValue(header, tagPath, depth);
      if (attribute && !header.tag.endsWith('0000')) dataset[header.tag] = attribute;
      if (header.tag === '00080005' && attribute?.Value) this.context.charsets = (attribute.Value as Array<string | null>).map((v) => v ?? '');
      if (depth === 0 && header.tag === '00280103') this.vrContext.pixelRepresentation = Number(attribute?.Value?.[0]);
      if (depth === 0 && header.tag === '00280100') this.vrContext.bitsAllocated = Number(attribute?.Value?.[0]);
    }
    return dataset;
  }

  private readonly vrOf = (tag: string) => vrOfTag(tag, this.vrContext);

  private readHeader(): ElementHeader {
    return readElementHeader(this.cursor, this.explicitVr, this.vrOf);
  }

  private readValue(header: ElementHeader, tagPath: string, depth: number) {
    if (header.tag === ITEM || header.tag === SEQUENCE_END) throw new DicomParseError(`an item tag ${header.tag} where an element was expected, at ${tagPath}`);
    if (header.vr === 'SQ' || (header.length === UNDEFINED && header.vr === 'UN')) return { vr: 'SQ', Value: this.readSequence(header, tagPath, depth) };
    if (header.length === UNDEFINED) {
      if (BINARY_VRS.has(header.vr)) {
        this.skipFragments(tagPath);
        return { vr: header.vr, BulkDataURI: this.context.bulkDataUri(tagPath) };
      }
      return { vr: 'SQ', Value: this.readSequence(header, tagPath, depth) };
    }
    if (header.length % 2 === 1 && header.length > 0x7fffffff) throw new DicomParseError(`${describeValue(header)} has an impossible length ${header.length}`);
    // The message is built only when the value runs past the bytes at hand.
    if (this.cursor.pos + header.length > this.cursor.bytes.length) this.cursor.need(header.length, describeValue(header));
    return decodeDicomValue(header.vr, this.cursor.take(header.length, ''), tagPath, this.context);
  }

  private readSequence(header: ElementHeader, tagPath: string, depth: number): DicomJson[] {
    if (depth >= MAX_DEPTH) throw new DicomParseError(`sequences nest deeper than ${MAX_DEPTH} at ${tagPath}`);
    const cursor = this.cursor;
    const end = header.length === UNDEFINED ? Infinity : cursor.pos + header.length;
    // A UN sequence of undefined length is implicit VR little endian inside (PS3.5 6.2.2).
    const un = header.vr === 'UN' && this.explicitVr;
    const reader = un ? new DatasetReader(cursor, false, this.context) : this;
    const order = cursor.littleEndian;
    if (un) cursor.littleEndian = true;
    const items: DicomJson[] = [];
    // An item's Specific Character Set holds for that item only.
    const charsets = this.context.charsets;
    try {
      while (cursor.pos < end) {
        const item = this.readHeader();
        if (item.tag === SEQUENCE_END) break;
        if (item.tag !== ITEM) throw new DicomParseError(`sequence ${tagPath} holds ${item.tag} where an item was expected`);
        const itemEnd = item.length === UNDEFINED ? Infinity : cursor.pos + item.length;
        items.push(reader.readUntil(itemEnd, false, `${tagPath}/${items.length}`, depth + 1));
        this.context.charsets = charsets;
      }
    } finally {
      cursor.littleEndian = order;
      this.context.charsets = charsets;
    }
    return items;
  }

  /** Step over encapsulated fragments up to the sequence delimiter. */
  private skipFragments(tagPath: string): void {
    for (;;) {
      const item = this.readHeader();
      if (item.tag === SEQUENCE_END) return;
      if (item.tag !== ITEM) throw new DicomParseError(`encapsulated ${tagPath} holds ${item.tag} where a fragment was expected`);
      this.cursor.take(item.length, `a fragment of ${tagPath}`);
    }
  }
}
