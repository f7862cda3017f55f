import { DicomByteCursor, tagHex } from './dicom-byte-cursor.ts';
import { DicomParseError } from './dicom-parse-error.ts';
import { LONG_VRS, UNDEFINED_LENGTH } from './dicom-vr.ts';
import { nativeFrameLength, type PixelInfo } from './pixel-info.ts';
import { encodingOf, isNativeTransferSyntax } from './transfer-syntax.ts';

export interface StoredFrames {
  /** Each frame's bytes as stored: a native slice, or the encapsulated frame's fragments joined. */
  frames: Buffer[];
  encapsulated: boolean;
}

/**
 * The frames of a Part-10 file's Pixel Data (at `pixelDataOffset`, as readPart10Header found
 * it). Native pixel data is sliced by frame size; encapsulated fragments (PS3.5 A.4) are
 * grouped into frames by the Basic Offset Table, or one fragment per frame, or all of them
 * for a single frame.
 */
export function readFrames(file: Buffer, pixelDataOffset: number, transferSyntaxUid: string, info: PixelInfo): StoredFrames {
  const encoding = encodingOf(transferSyntaxUid);
  const cursor = new DicomByteCursor(file, encoding.littleEndian, true, pixelDataOffset);
  cursor.need(8, 'the Pixel Data header');
  if (tagHex(cursor.u16(), cursor.u16(cursor.pos + 2)) !== '7FE00010') throw new DicomParseError('no Pixel Data at the offset given');
  let length: number;
  if (encoding.explicitVr) {
    const vr = file.toString('latin1', cursor.pos + 4, cursor.pos + 6);
    cursor.need(LONG_VRS.has(vr) ? 12 : 8, 'the Pixel Data header');
    length = LONG_VRS.has(vr) ? cursor.u32(cursor.pos + 8) : cursor.u16(cursor.pos + 6);
    cursor.pos += LONG_VRS.has(vr) ? 12 : 8;
  } else {
    length = cursor.u32(cursor.pos + 4);
    cursor.pos += 8;
  }
  if (length !== UNDEFINED_LENGTH) {
    if (!isNativeTransferSyntax(transferSyntaxUid)) throw new DicomParseError('compressed pixel data must be encapsulated (undefined length)');
    const bytes = cursor.take(length, 'the Pixel Data value');
    const size = nativeFrameLength(info);
    const frames = Array.from({ length: info.numberOfFrames }, (_, i) => bytes.subarray(i * size, (i + 1) * size));
    if (frames.some((frame) => frame.length < size)) throw new DicomParseError(`Pixel Data holds ${bytes.length} bytes, fewer than ${info.numberOfFrames} frames of ${size}`);
    return { frames, encapsulated: false };
  }
  return { frames: encapsulatedFrames(cursor, info.numberOfFrames), encapsulated: true };
}

function encapsulatedFrames(cursor: DicomByteCursor, numberOfFrames: number): Buffer[] {
  const items: Array<{ offset: number; bytes: Buffer }> = [];
  let firstFragmentAt = -1;
  for (;;) {
    cursor.need(8, 'an encapsulated item header');
    const tag = tagHex(cursor.u16(), cursor.u16(cursor.pos + 2));
    const length = cursor.u32(cursor.pos + 4);
    const at = cursor.pos;
    cursor.pos += 8;
    if (tag === 'FFFEE0DD') break;
    if (tag !== 'FFFEE000') throw new DicomParseError(`encapsulated Pixel Data holds ${tag} where an item was expected`);
    const bytes = cursor.take(length, 'an encapsulated fragment');
    if (items.length > 0 && firstFragmentAt < 0) firstFragmentAt = at;
    items.push({ offset: firstFragmentAt < 0 ? 0 : at - firstFragmentAt, bytes });
  }
  const [table, ...fragments] = items;
  if (!table) throw new DicomParseError('encapsulated Pixel Data has no Basic Offset Table item');
  if (fragments.length === 0) throw new DicomParseError('encapsulated Pixel Data has no fragment');
  if (numberOfFrames === 1) return [Buffer.concat(fragments.map((f) => f.bytes))];
  if (table.bytes.length >= 4 * numberOfFrames) {
    const starts = Array.from({ length: numberOfFrames }, (_, i) => table.bytes.readUInt32LE(4 * i));
    return starts.map((start, i) => Buffer.concat(fragments.filter((f) => f.offset >= start && (i + 1 === starts.length || f.offset < starts[i + 1])).map((f) => f.bytes)));
  }
  if (fragments.length === numberOfFrames) return fragments.map((f) => f.bytes);
  throw new DicomParseError(`cannot split ${fragments.length} fragments into ${numberOfFrames} frames without a Basic Offset Table`);
}
