import { decodeDicomText } from './decode-dicom-text.ts';
import type { DicomJsonAttribute, DicomPersonName } from './dicom-json.ts';

/** VRs whose value is bytes, not text or numbers. */
export const BINARY_VRS = new Set(['OB', 'OD', 'OF', 'OL', 'OV', 'OW', 'UN']);
/** Text VRs with one value that may hold backslashes. */
const SINGLE_TEXT_VRS = new Set(['LT', 'ST', 'UT', 'UR']);
/** Text VRs in the Specific Character Set; the others are in the default repertoire. */
const CHARSET_VRS = new Set(['SH', 'LO', 'ST', 'LT', 'UC', 'UT', 'PN']);
const NUMBER_SIZES: Record<string, number> = { US: 2, SS: 2, UL: 4, SL: 4, FL: 4, FD: 8, SV: 8, UV: 8, AT: 4 };

export interface ValueContext {
  littleEndian: boolean;
  charsets: readonly string[];
  /** Binary values longer than this become a BulkDataURI. */
  bulkDataThreshold: number;
  /** The BulkDataURI of the attribute at `tagPath` (`00540016/0/00181072`). */
  bulkDataUri: (tagPath: string) => string;
  /** Receives each value left out as bulk data, for a reader that wants its bytes. */
  onBulkData?: (tagPath: string, bytes: Buffer) => void;
}

/** One attribute's value bytes as DICOM JSON (PS3.18 F.2). */
export function decodeDicomValue(vr: string, bytes: Buffer, tagPath: string, context: ValueContext): DicomJsonAttribute {
  if (bytes.length === 0) return { vr };
  if (BINARY_VRS.has(vr)) return binaryAttribute(vr, bytes, tagPath, context);
  const size = NUMBER_SIZES[vr];
  if (size) return { vr, Value: readNumbers(vr, bytes, size, context.littleEndian) };
  const text = CHARSET_VRS.has(vr) ? decodeDicomText(bytes, context.charsets, vr === 'PN' ? '^=\\' : '\\') : bytes.toString('latin1');
  if (SINGLE_TEXT_VRS.has(vr)) {
    const value = trimPadding(text, false);
    return value === '' ? { vr } : { vr, Value: [value] };
  }
  const parts = text.includes('\\') ? text.split('\\').map((part) => trimPadding(part, true)) : [trimPadding(text, true)];
  if (parts.every((part) => part === '')) return { vr };
  if (vr === 'PN') return { vr, Value: parts.map(personName) };
  if (vr === 'IS' || vr === 'DS') return { vr, Value: parts.map(number) };
  return { vr, Value: parts.map((part) => (part === '' ? null : part)) };
}

function binaryAttribute(vr: string, bytes: Buffer, tagPath: string, context: ValueContext): DicomJsonAttribute {
  if (bytes.length > context.bulkDataThreshold) {
    context.onBulkData?.(tagPath, bytes);
    return { vr, BulkDataURI: context.bulkDataUri(tagPath) };
  }
  const word = { OW: 2, OF: 4, OL: 4, OD: 8, OV: 8 }[vr];
  if (context.littleEndian || !word) return { vr, InlineBinary: bytes.toString('base64') };
  const swapped = Buffer.from(bytes);
  if (word === 2) swapped.swap16();
  else if (word === 4) swapped.swap32();
  else swapped.swap64();
  return { vr, InlineBinary: swapped.toString('base64') };
}

function readNumbers(vr: string, bytes: Buffer, size: number, le: boolean): Array<number | string> {
  const values: Array<number | string> = [];
  for (let at = 0; at + size <= bytes.length; at += size) {
    switch (vr) {
      case 'US': values.push(le ? bytes.readUInt16LE(at) : bytes.readUInt16BE(at)); break;
      case 'SS': values.push(le ? bytes.readInt16LE(at) : bytes.readInt16BE(at)); break;
      case 'UL': values.push(le ? bytes.readUInt32LE(at) : bytes.readUInt32BE(at)); break;
      case 'SL': values.push(le ? bytes.readInt32LE(at) : bytes.readInt32BE(at)); break;
      case 'FL': values.push(le ? bytes.readFloatLE(at) : bytes.readFloatBE(at)); break;
      case 'FD': values.push(le ? bytes.readDoubleLE(at) : bytes.readDoubleBE(at)); break;
      case 'SV': values.push(safe(le ? bytes.readBigInt64LE(at) : bytes.readBigInt64BE(at))); break;
      case 'UV': values.push(safe(le ? bytes.readBigUInt64LE(at) : bytes.readBigUInt64BE(at))); break;
      case 'AT': {
        const group = le ? bytes.readUInt16LE(at) : bytes.readUInt16BE(at);
        const element = le ? bytes.readUInt16LE(at + 2) : bytes.readUInt16BE(at + 2);
        values.push((group * 0x10000 + element).toString(16).toUpperCase().padStart(8, '0'));
        break;
      }
    }
  }
  return values;
}

/** 64-bit integers beyond 2^53 stay exact as strings, as PS3.18 F.2.3.1 allows. */
function safe(value: bigint): number | string {
  return value <= BigInt(Number.MAX_SAFE_INTEGER) && value >= BigInt(Number.MIN_SAFE_INTEGER) ? Number(value) : value.toString();
}

/** An IS or DS value; one that is no number is kept as written rather than lost. */
function number(part: string): number | string | null {
  if (part === '') return null;
  const value = Number(part);
  return Number.isFinite(value) ? value : part;
}

function personName(part: string): DicomPersonName | null {
  if (part === '') return null;
  const [alphabetic, ideographic, phonetic] = part.split('=');
  const name: DicomPersonName = {};
  if (alphabetic) name.Alphabetic = alphabetic;
  if (ideographic) name.Ideographic = ideographic;
  if (phonetic) name.Phonetic = phonetic;
  return name;
}

/** Without the NUL and space padding at its end (and, for `leading`, its start); no copy when there is none. */
function trimPadding(text: string, leading: boolean): string {
  let end = text.length;
  while (end > 0 && (text.charCodeAt(end - 1) === 32 || text.charCodeAt(end - 1) === 0)) end--;
  let start = 0;
  if (leading) while (start < end && (text.charCodeAt(start) === 32 || text.charCodeAt(start) === 0)) start++;
  return start === 0 && end === text.length ? text : text.slice(start, end);
}
