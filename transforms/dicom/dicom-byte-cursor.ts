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

/** `(gggg,eeee)` as 8 upper-case hex digits. */
export function tagHex(group: number, element: number): string {
  return (group * 0x10000 + element).toString(16).toUpperCase().padStart(8, '0');
}
