import { DicomParseError, NeedMoreBytes } from './dicom-parse-error.ts';

/**
 * A position in DICOM bytes with the dataset's byte order. Reading past the end is
 * NeedMoreBytes while more of the file may come, and a parse error naming what was being
 * read once the bytes are all there.
 */
export class DicomByteCursor {
  pos: number;

  constructor(
    readonly bytes: Buffer,
    public littleEndian: boolean,
    readonly complete: boolean,
    start = 0,
  ) {
    this.pos = start;
  }

  need(count: number, what: string): void {
    if (this.pos + count <= this.bytes.length) return;
    if (!this.complete) throw new NeedMoreBytes(what);
    throw new DicomParseError(`the data ends inside ${what} (offset ${this.pos}, ${count} bytes needed, ${this.bytes.length - this.pos} left): truncated`);
  }

  get atEnd(): boolean {
    return this.pos >= this.bytes.length;
  }

  u16(at = this.pos): number {
    return this.littleEndian ? this.bytes.readUInt16LE(at) : this.bytes.readUInt16BE(at);
  }

  u32(at = this.pos): number {
    return this.littleEndian ? this.bytes.readUInt32LE(at) : this.bytes.readUInt32BE(at);
  }

  take(count: number, what: string): Buffer {
    this.need(count, what);
    const slice = this.bytes.subarray(this.pos, this.pos + count);
    this.pos += count;
    return slice;
  }
}

/** Tags seen so far: a header has a hundred or so, and the same ones in every file. */
const TAG_NAMES = new Map<number, string>();
/** Garbage input cannot grow the cache past this. */
const MAX_TAG_NAMES = 50_000;

/** `(gggg,eeee)` as 8 upper-case hex digits. */
export function tagHex(group: number, element: number): string {
  const key = group * 0x10000 + element;
  let name = TAG_NAMES.get(key);
  if (name === undefined) {
    name = key.toString(16).toUpperCase().padStart(8, '0');
    if (TAG_NAMES.size < MAX_TAG_NAMES) TAG_NAMES.set(key, name);
  }
  return name;
}
