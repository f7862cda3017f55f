import { DicomParseError } from './dicom-parse-error.ts';
import type { PixelInfo } from './pixel-info.ts';

/**
 * Decode one RLE Lossless frame (PS3.5 Annex G): a 64-byte header of segment offsets, one
 * PackBits segment per byte plane, most significant byte first. The result is native
 * little endian, samples interleaved (Planar Configuration 0).
 */
export function decodeRle(frame: Buffer, info: PixelInfo): Buffer {
  if (frame.length < 64) throw new DicomParseError('an RLE frame is shorter than its 64-byte header');
  const segments = frame.readUInt32LE(0);
  const bytesPerSample = info.bitsAllocated / 8;
  if (segments !== info.samplesPerPixel * bytesPerSample || segments > 15) throw new DicomParseError(`an RLE frame has ${segments} segments, not ${info.samplesPerPixel * bytesPerSample}`);
  const pixels = info.rows * info.columns;
  const out = Buffer.alloc(pixels * segments);
  for (let s = 0; s < segments; s++) {
    const start = frame.readUInt32LE(4 + 4 * s);
    const end = s + 1 < segments ? frame.readUInt32LE(8 + 4 * s) : frame.length;
    const sample = Math.floor(s / bytesPerSample);
    // Segments run from the most significant byte; little endian puts it last.
    const byte = bytesPerSample - 1 - (s % bytesPerSample);
    const stride = segments;
    let at = sample * bytesPerSample + byte;
    let written = 0;
    for (let i = start; i < end && written < pixels; ) {
      const n = frame.readInt8(i++);
      if (n >= 0) {
        for (let k = 0; k <= n && written < pixels && i < end; k++, written++, at += stride) out[at] = frame[i++];
      } else if (n !== -128) {
        const value = frame[i++];
        for (let k = 0; k < 1 - n && written < pixels; k++, written++, at += stride) out[at] = value;
      }
    }
    if (written < pixels) throw new DicomParseError(`RLE segment ${s + 1} decodes to ${written} of ${pixels} bytes`);
  }
  return out;
}
