import { firstString, type DicomJson } from './dicom-json.ts';

/** The Image Pixel module attributes (PS3.3 C.7.6.3) that say how frames are laid out. */
export interface PixelInfo {
  rows: number;
  columns: number;
  samplesPerPixel: number;
  bitsAllocated: number;
  bitsStored: number;
  highBit: number;
  pixelRepresentation: number;
  photometricInterpretation: string;
  planarConfiguration: number;
  numberOfFrames: number;
}

/** The pixel layout of an instance, or null when it has no image (an SR, a waveform). */
export function pixelInfoOf(dataset: DicomJson): PixelInfo | null {
  const number = (tag: string, fallback: number) => {
    const value = Number(firstString(dataset, tag));
    return Number.isFinite(value) ? value : fallback;
  };
  const rows = number('00280010', 0);
  const columns = number('00280011', 0);
  if (rows <= 0 || columns <= 0) return null;
  const bitsAllocated = number('00280100', 8);
  const bitsStored = number('00280101', bitsAllocated);
  return {
    rows,
    columns,
    samplesPerPixel: number('00280002', 1),
    bitsAllocated,
    bitsStored,
    highBit: number('00280102', bitsStored - 1),
    pixelRepresentation: number('00280103', 0),
    photometricInterpretation: (firstString(dataset, '00280004') ?? 'MONOCHROME2').trim(),
    planarConfiguration: number('00280006', 0),
    numberOfFrames: Math.max(1, number('00280008', 1)),
  };
}

/** Bytes of one native (uncompressed) frame. */
export function nativeFrameLength(info: PixelInfo): number {
  const bits = info.rows * info.columns * info.samplesPerPixel * info.bitsAllocated;
  return Math.ceil(bits / 8);
}
