import { DicomByteCursor, tagHex } from './dicom-byte-cursor.ts';
import { readElementHeader } from './read-element-header.ts';
import { vrOfTag, type VrContext } from './dicom-dictionary.ts';
import { firstString } from './dicom-json.ts';
import { DicomParseError } from './dicom-parse-error.ts';
import { LONG_VRS, SWAP_WIDTH, UNDEFINED_LENGTH } from './dicom-vr.ts';
import { inflate } from './read-dicom-dataset.ts';
import { readPart10Header } from './read-part10-header.ts';
import { encodingOf, isNativeTransferSyntax, TransferSyntax } from './transfer-syntax.ts';
import { writeFileMeta } from './write-file-meta.ts';

/**
 * Re-encode a Part-10 file with native pixel data (implicit or explicit VR, little or big
 * endian, deflated) as Explicit VR Little Endian, the WADO-RS default (PS3.18 8.7.3.5.2),
 * or as Implicit VR Little Endian for a DIMSE peer that takes only that: VRs written from
 * the data dictionary where the source had none, multi-byte values swapped from big endian,
 * sequences and items written with undefined lengths.
 */
export function transcodeToExplicitLittleEndian(file: Buffer): Buffer {
  return transcodeNative(file, TransferSyntax.ExplicitVRLittleEndian);
}

/** Decoded frames to put in place of compressed Pixel Data, and what they are now. */
export interface DecodedPixelData {
  /** Every frame's native little endian pixels, samples interleaved, concatenated. */
  pixels: Buffer;
  photometricInterpretation: string;
}

export function transcodeNative(file: Buffer, target: typeof TransferSyntax.ExplicitVRLittleEndian | typeof TransferSyntax.ImplicitVRLittleEndian, decoded?: DecodedPixelData): Buffer {
  const header = readPart10Header(file, true);
  if (!decoded && !isNativeTransferSyntax(header.transferSyntaxUid)) throw new DicomParseError(`${header.transferSyntaxUid} is a compressed transfer syntax: decode it first`);
  const encoding = encodingOf(header.transferSyntaxUid);
  const source = encoding.deflated ? inflate(file.subarray(header.datasetOffset)) : file;
  const cursor = new DicomByteCursor(source, encoding.littleEndian, true, encoding.deflated ? 0 : header.datasetOffset);
  const image: VrContext = { bitsAllocated: Number(firstString(header.dataset, '00280100') ?? 16), pixelRepresentation: Number(firstString(header.dataset, '00280103') ?? 0) };
  const out: Buffer[] = [
    writeFileMeta({
      mediaStorageSopClassUid: firstString(header.meta, '00020002') ?? firstString(header.dataset, '00080016') ?? '',
      mediaStorageSopInstanceUid: firstString(header.meta, '00020003') ?? firstString(header.dataset, '00080018') ?? '',
      transferSyntaxUid: target,
    }),
  ];
  const rewriter = new Rewriter(cursor, encoding.explicitVr, image, out, target === TransferSyntax.ImplicitVRLittleEndian);
  if (decoded) {
    rewriter.replacements.set('00280004', textValue(decoded.photometricInterpretation));
    rewriter.replacements.set('00280006', Buffer.from([0, 0]));
    rewriter.pixelData = decoded.pixels;
  }
  rewriter.elements(Infinity, 0);
  return Buffer.concat(out);
}

function textValue(text: string): Buffer {
  return Buffer.from(text.length % 2 ? `${text} ` : text, 'latin1');
}

const MAX_DEPTH = 32;

class Rewriter {
  /** Values that replace the source's, by top-level tag. */
  readonly replacements = new Map<string, Buffer>();
  /** Native pixels that replace the top-level Pixel Data (the rest of the source is not read). */
  pixelData: Buffer | null = null;

  constructor(
    private readonly cursor: DicomByteCursor,
    private readonly explicitVr: boolean,
    /** What decides ambiguous VRs of implicit VR input. */
    private readonly image: VrContext,
    private readonly out: Buffer[],
    private readonly implicitOut = false,
  ) {}

  elements(end: number, depth: number): void {
    const cursor = this.cursor;
    while (cursor.pos < end && !(end === Infinity && depth === 0 && cursor.atEnd)) {
      const { tag, group, element, vr, length } = readElementHeader(cursor, this.explicitVr, (t) => vrOfTag(t, this.image));
      if (tag === 'FFFEE00D') return;
      if (group === 0xfffe) throw new DicomParseError(`an item tag ${tag} where an element was expected`);
      if (depth === 0 && tag === '7FE00010' && this.pixelData) {
        this.header(group, element, (this.image.bitsAllocated ?? 16) > 8 ? 'OW' : 'OB', this.pixelData.length + (this.pixelData.length % 2));
        this.out.push(this.pixelData.length % 2 ? Buffer.concat([this.pixelData, Buffer.alloc(1)]) : this.pixelData);
        return;
      }
      if (vr === 'SQ' || length === UNDEFINED_LENGTH) {
        // A UN sequence of undefined length is implicit VR little endian inside (PS3.5 6.2.2).
        if (vr === 'UN' && this.explicitVr) {
          const order = cursor.littleEndian;
          cursor.littleEndian = true;
          new Rewriter(cursor, false, this.image, this.out, this.implicitOut).sequence(group, element, length, depth);
          cursor.littleEndian = order;
        } else {
          this.sequence(group, element, length, depth);
        }
        continue;
      }
      const taken = Buffer.from(cursor.take(length, `the value of (${tag.slice(0, 4)},${tag.slice(4)})`));
      const value = (depth === 0 && this.replacements.get(tag)) || taken;
      // Group lengths change with the encoding and are retired outside group 0002.
      if (element === 0x0000) continue;
      const width = SWAP_WIDTH[vr];
      if (!cursor.littleEndian && width && value.length % width === 0) {
        if (width === 2) value.swap16();
        else if (width === 4) value.swap32();
        else value.swap64();
      }
      this.header(group, element, !LONG_VRS.has(vr) && value.length > 0xffff ? 'UN' : vr, value.length);
      this.out.push(value);
    }
  }

  sequence(group: number, element: number, length: number, depth: number): void {
    if (depth >= MAX_DEPTH) throw new DicomParseError(`sequences nest deeper than ${MAX_DEPTH}`);
    const cursor = this.cursor;
    this.header(group, element, 'SQ', UNDEFINED_LENGTH);
    const end = length === UNDEFINED_LENGTH ? Infinity : cursor.pos + length;
    while (cursor.pos < end) {
      cursor.need(8, 'an item header');
      const tag = tagHex(cursor.u16(), cursor.u16(cursor.pos + 2));
      const itemLength = cursor.u32(cursor.pos + 4);
      cursor.pos += 8;
      if (tag === 'FFFEE0DD') break;
      if (tag !== 'FFFEE000') throw new DicomParseError(`a sequence holds ${tag} where an item was expected`);
      this.delimiter(0xe000);
      this.elements(itemLength === UNDEFINED_LENGTH ? Infinity : cursor.pos + itemLength, depth + 1);
      this.delimiter(0xe00d);
    }
    this.delimiter(0xe0dd);
  }

  private header(group: number, element: number, vr: string, length: number): void {
    if (this.implicitOut) {
      const bytes = Buffer.alloc(8);
      bytes.writeUInt16LE(group, 0);
      bytes.writeUInt16LE(element, 2);
      bytes.writeUInt32LE(length, 4);
      this.out.push(bytes);
      return;
    }
    const long = LONG_VRS.has(vr);
    const bytes = Buffer.alloc(long ? 12 : 8);
    bytes.writeUInt16LE(group, 0);
    bytes.writeUInt16LE(element, 2);
    bytes.write(vr, 4, 'latin1');
    if (long) bytes.writeUInt32LE(length, 8);
    else bytes.writeUInt16LE(length, 6);
    this.out.push(bytes);
  }

  /** An item (of undefined length), item delimitation or sequence delimitation tag. */
  private delimiter(element: number): void {
    const bytes = Buffer.alloc(8);
    bytes.writeUInt16LE(0xfffe, 0);
    bytes.writeUInt16LE(element, 2);
    if (element === 0xe000) bytes.writeUInt32LE(UNDEFINED_LENGTH, 4);
    this.out.push(bytes);
  }
}
