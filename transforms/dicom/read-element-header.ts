import { DicomByteCursor, tagHex } from './dicom-byte-cursor.ts';
import { DicomParseError } from './dicom-parse-error.ts';
import { LONG_VRS } from './dicom-vr.ts';

export interface ElementHeader {
  /** `GGGGEEEE`. */
  tag: string;
  group: number;
  element: number;
  /** As written (explicit VR), from `vrOf` (implicit VR), or empty for item and delimitation tags. */
  vr: string;
  length: number;
}

/**
 * Read one element header at the cursor (PS3.5 7.1): item and delimitation tags (FFFE,xxxx)
 * have no VR; implicit VR takes it from `vrOf`; explicit VR must be two capital letters,
 * with the 4-byte length form for the long VRs.
 */
export function readElementHeader(cursor: DicomByteCursor, explicitVr: boolean, vrOf: (tag: string) => string): ElementHeader {
  cursor.need(8, 'an element header');
  const group = cursor.u16();
  const element = cursor.u16(cursor.pos + 2);
  const tag = tagHex(group, element);
  if (group === 0xfffe || !explicitVr) {
    const length = cursor.u32(cursor.pos + 4);
    cursor.pos += 8;
    return { tag, group, element, vr: group === 0xfffe ? '' : vrOf(tag), length };
  }
  const vr = vrAt(cursor.bytes, cursor.pos + 4);
  if (vr === null) throw new DicomParseError(`element (${tag.slice(0, 4)},${tag.slice(4)}) at offset ${cursor.pos} has no valid VR (bytes ${JSON.stringify(cursor.bytes.toString('latin1', cursor.pos + 4, cursor.pos + 6))})`);
  if (LONG_VRS.has(vr)) {
    cursor.need(12, `the header of element (${tag.slice(0, 4)},${tag.slice(4)})`);
    const length = cursor.u32(cursor.pos + 8);
    cursor.pos += 12;
    return { tag, group, element, vr, length };
  }
  const length = cursor.u16(cursor.pos + 6);
  cursor.pos += 8;
  return { tag, group, element, vr, length };
}

/** The 676 possible VRs (two capital letters), made once each. */
const VR_NAMES: string[] = [];

/** The explicit VR at `at`: two capital letters, or null. */
function vrAt(bytes: Buffer, at: number): string | null {
  const first = bytes[at] - 65;
  const second = bytes[at + 1] - 65;
  if (!(first >= 0 && first < 26 && second >= 0 && second < 26)) return null;
  const code = first * 26 + second;
  return (VR_NAMES[code] ??= String.fromCharCode(first + 65, second + 65));
}
