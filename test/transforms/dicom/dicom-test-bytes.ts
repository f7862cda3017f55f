import { LONG_VRS } from '../../../transforms/dicom/dicom-vr.ts';
import { writeFileMeta } from '../../../transforms/dicom/write-file-meta.ts';

/** How a test dataset is written: explicit or implicit VR, little or big endian. */
export interface TestEncoding {
  explicitVr: boolean;
  littleEndian: boolean;
}

export const EXPLICIT_LE: TestEncoding = { explicitVr: true, littleEndian: true };
export const EXPLICIT_BE: TestEncoding = { explicitVr: true, littleEndian: false };
export const IMPLICIT_LE: TestEncoding = { explicitVr: false, littleEndian: true };

export const UNDEFINED_LENGTH = 0xffffffff;

/** Text padded to even length with a space (or NUL for UIs), as PS3.5 6.2 pads values. */
export function text(value: string, pad = ' ', encoding: BufferEncoding = 'latin1'): Buffer {
  const bytes = Buffer.from(value, encoding);
  return bytes.length % 2 ? Buffer.concat([bytes, Buffer.from(pad, 'latin1')]) : bytes;
}

export function uint16s(values: number[], littleEndian = true): Buffer {
  const bytes = Buffer.alloc(values.length * 2);
  values.forEach((value, i) => (littleEndian ? bytes.writeUInt16LE(value, i * 2) : bytes.writeUInt16BE(value, i * 2)));
  return bytes;
}

function tagBytes(tag: string, littleEndian: boolean): Buffer {
  return uint16s([parseInt(tag.slice(0, 4), 16), parseInt(tag.slice(4), 16)], littleEndian);
}

function uint32(value: number, littleEndian: boolean): Buffer {
  const bytes = Buffer.alloc(4);
  if (littleEndian) bytes.writeUInt32LE(value);
  else bytes.writeUInt32BE(value);
  return bytes;
}

/** One data element (`tag` as 8 hex digits); `length` replaces the value's length (UNDEFINED_LENGTH for a sequence). */
export function element(tag: string, vr: string, value: Buffer, encoding: TestEncoding = EXPLICIT_LE, length = value.length): Buffer {
  const le = encoding.littleEndian;
  if (!encoding.explicitVr) return Buffer.concat([tagBytes(tag, le), uint32(length, le), value]);
  if (LONG_VRS.has(vr)) return Buffer.concat([tagBytes(tag, le), Buffer.from(`${vr}\0\0`, 'latin1'), uint32(length, le), value]);
  return Buffer.concat([tagBytes(tag, le), Buffer.from(vr, 'latin1'), uint16s([length], le), value]);
}

/** A sequence of undefined length holding items of undefined length. */
export function sequence(tag: string, items: Buffer[], encoding: TestEncoding = EXPLICIT_LE): Buffer {
  const le = encoding.littleEndian;
  const wrapped = items.map((content) => Buffer.concat([tagBytes('FFFEE000', le), uint32(UNDEFINED_LENGTH, le), content, tagBytes('FFFEE00D', le), uint32(0, le)]));
  return element(tag, 'SQ', Buffer.concat([...wrapped, tagBytes('FFFEE0DD', le), uint32(0, le)]), encoding, UNDEFINED_LENGTH);
}

/** A sequence of defined length holding items of defined length. */
export function definedSequence(tag: string, items: Buffer[], encoding: TestEncoding = EXPLICIT_LE): Buffer {
  const le = encoding.littleEndian;
  return element(tag, 'SQ', Buffer.concat(items.map((content) => Buffer.concat([tagBytes('FFFEE000', le), uint32(content.length, le), content]))), encoding);
}

/** An item header (or delimiter) alone, for hand-made malformed input. */
export function itemTag(tag: 'FFFEE000' | 'FFFEE00D' | 'FFFEE0DD', length: number, littleEndian = true): Buffer {
  return Buffer.concat([tagBytes(tag, littleEndian), uint32(length, littleEndian)]);
}

/** A Part-10 file: preamble, file meta header for `transferSyntaxUid`, then the dataset bytes. */
export function part10(transferSyntaxUid: string, dataset: Buffer[], sopInstanceUid = '1.2.3.4'): Buffer {
  return Buffer.concat([writeFileMeta({ mediaStorageSopClassUid: '1.2.840.10008.5.1.4.1.1.7', mediaStorageSopInstanceUid: sopInstanceUid, transferSyntaxUid }), ...dataset]);
}
