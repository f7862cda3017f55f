import sharp from 'sharp';
import type { DecodedFrame } from './decode-frame.ts';
import { DicomParseError } from './dicom-parse-error.ts';
import type { PixelInfo } from './pixel-info.ts';

export interface RenderOptions {
  format: 'jpeg' | 'png';
  /** JPEG quality, 1 to 100. */
  quality: number;
  /** VOI window to apply; the instance's own (or the frame's range) when absent. */
  window?: { center: number; width: number };
}

/** What rendering needs from the instance besides the pixels: its rescale and VOI window (PS3.3 C.11). */
export interface RenderAttributes {
  rescaleSlope: number;
  rescaleIntercept: number;
  windowCenter?: number;
  windowWidth?: number;
}

/**
 * Render a decoded frame as a JPEG or PNG (PS3.18 8.3.5, rendered media types): grayscale
 * through the modality rescale and a linear VOI window (PS3.3 C.11.2.1.2.1), MONOCHROME1
 * inverted; RGB and YBR_FULL as 8-bit RGB. Palette color is refused.
 */
export async function renderFrame(frame: DecodedFrame, info: PixelInfo, attributes: RenderAttributes, options: RenderOptions): Promise<Buffer> {
  const { columns: width, rows: height } = info;
  const photometric = frame.photometricInterpretation;
  let channels: 1 | 3;
  let pixels: Buffer;
  if (photometric === 'MONOCHROME1' || photometric === 'MONOCHROME2') {
    channels = 1;
    pixels = windowed(frame.pixels, info, attributes, options.window, photometric === 'MONOCHROME1');
  } else if (info.samplesPerPixel === 3 && ['RGB', 'YBR_FULL', 'YBR_FULL_422'].includes(photometric)) {
    channels = 3;
    pixels = eightBit(frame.pixels, info);
    if (photometric !== 'RGB') ybrToRgb(pixels);
  } else {
    throw new DicomParseError(`rendering ${photometric} images is not supported (grayscale and RGB are)`);
  }
  // Grayscale stays one channel (sharp would otherwise write sRGB).
  const image = channels === 1 ? sharp(pixels, { raw: { width, height, channels } }).toColourspace('b-w') : sharp(pixels, { raw: { width, height, channels } });
  return options.format === 'png' ? image.png().toBuffer() : image.jpeg({ quality: options.quality }).toBuffer();
}

function windowed(source: Buffer, info: PixelInfo, attributes: RenderAttributes, window: RenderOptions['window'], invert: boolean): Buffer {
  const count = info.rows * info.columns;
  const values = new Float64Array(count);
  const signed = info.pixelRepresentation === 1;
  const shift = 32 - info.bitsStored;
  for (let i = 0; i < count; i++) {
    let raw = info.bitsAllocated === 8 ? source[i] : info.bitsAllocated === 16 ? source.readUInt16LE(2 * i) : source.readUInt32LE(4 * i);
    // Keep the stored bits, sign-extended when pixels are signed.
    raw = signed ? (raw << shift) >> shift : (raw << shift) >>> shift;
    values[i] = raw * attributes.rescaleSlope + attributes.rescaleIntercept;
  }
  let center = window?.center ?? attributes.windowCenter;
  let width = window?.width ?? attributes.windowWidth;
  if (center === undefined || width === undefined || width < 1) {
    let min = Infinity;
    let max = -Infinity;
    for (const value of values) {
      if (value < min) min = value;
      if (value > max) max = value;
    }
    center = (max + min) / 2;
    width = Math.max(1, max - min + 1);
  }
  const out = Buffer.alloc(count);
  const low = center - 0.5 - (width - 1) / 2;
  const high = center - 0.5 + (width - 1) / 2;
  for (let i = 0; i < count; i++) {
    const v = values[i];
    const y = v <= low ? 0 : v > high ? 255 : ((v - (center - 0.5)) / (width - 1) + 0.5) * 255;
    out[i] = invert ? 255 - Math.round(y) : Math.round(y);
  }
  return out;
}

function eightBit(source: Buffer, info: PixelInfo): Buffer {
  if (info.bitsAllocated === 8) return source;
  const count = info.rows * info.columns * 3;
  const out = Buffer.alloc(count);
  const bytes = info.bitsAllocated / 8;
  const shift = Math.max(0, info.bitsStored - 8);
  for (let i = 0; i < count; i++) out[i] = Math.min(255, (bytes === 2 ? source.readUInt16LE(2 * i) : source.readUInt32LE(4 * i)) >>> shift);
  return out;
}

/** YCbCr full range to RGB in place (PS3.3 C.7.6.3.1.2). */
function ybrToRgb(pixels: Buffer): void {
  const clamp = (v: number) => Math.max(0, Math.min(255, Math.round(v)));
  for (let i = 0; i + 2 < pixels.length; i += 3) {
    const y = pixels[i];
    const cb = pixels[i + 1] - 128;
    const cr = pixels[i + 2] - 128;
    pixels[i] = clamp(y + 1.402 * cr);
    pixels[i + 1] = clamp(y - 0.344136 * cb - 0.714136 * cr);
    pixels[i + 2] = clamp(y + 1.772 * cb);
  }
}
