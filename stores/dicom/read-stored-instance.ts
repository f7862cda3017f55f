import { readFile } from 'node:fs/promises';
import type { BlobStore } from '../../engine/regions/blob-store.ts';
import { decodeFrame } from '../../transforms/dicom/decode-frame.ts';
import { firstString } from '../../transforms/dicom/dicom-json.ts';
import { pixelInfoOf, type PixelInfo } from '../../transforms/dicom/pixel-info.ts';
import { readFrames, type StoredFrames } from '../../transforms/dicom/read-frames.ts';
import { readPart10Header, type Part10Header } from '../../transforms/dicom/read-part10-header.ts';
import type { RenderAttributes } from '../../transforms/dicom/render-frame.ts';
import { transcodeToExplicitLittleEndian, type DecodedPixelData } from '../../transforms/dicom/transcode-to-explicit-little-endian.ts';
import { TransferSyntax } from '../../transforms/dicom/transfer-syntax.ts';
import type { DicomInstanceRow } from './dicom-instance-row.ts';

/** A stored instance read whole, for its frames: its header, pixel layout and frames as stored. */
export interface StoredInstancePixels {
  header: Part10Header;
  /** The syntax the frames are in (a deflated file is inflated first, so Explicit VR Little Endian). */
  transferSyntaxUid: string;
  info: PixelInfo;
  frames: StoredFrames;
}

/** Read an instance's frames, or null when it has no image. The file is read whole (frames need it). */
export async function readStoredInstance(blobs: BlobStore, row: Pick<DicomInstanceRow, 'blob_sha256'>): Promise<StoredInstancePixels | null> {
  let file: Buffer = await readFile(blobs.filePath(row.blob_sha256));
  let header = readPart10Header(file, true);
  if (header.transferSyntaxUid === TransferSyntax.DeflatedExplicitVRLittleEndian) {
    file = transcodeToExplicitLittleEndian(file);
    header = readPart10Header(file, true);
  }
  const info = pixelInfoOf(header.dataset);
  if (!info || header.pixelDataOffset === null) return null;
  return { header, transferSyntaxUid: header.transferSyntaxUid, info, frames: readFrames(file, header.pixelDataOffset, header.transferSyntaxUid, info) };
}

/** Every frame decoded and joined, to re-encode the instance with native pixel data. */
export async function decodeAllFrames(instance: StoredInstancePixels): Promise<DecodedPixelData> {
  const decoded = [];
  for (const frame of instance.frames.frames) decoded.push(await decodeFrame(instance.transferSyntaxUid, frame, instance.info));
  return { pixels: Buffer.concat(decoded.map((d) => d.pixels)), photometricInterpretation: decoded[0]?.photometricInterpretation ?? instance.info.photometricInterpretation };
}

/** The rescale and VOI window rendering uses (the first window when several are given). */
export function renderAttributesOf(header: Part10Header): RenderAttributes {
  const number = (tag: string) => {
    const value = firstString(header.dataset, tag);
    return value === undefined || value === '' ? undefined : Number(value);
  };
  return { rescaleSlope: number('00281053') ?? 1, rescaleIntercept: number('00281052') ?? 0, windowCenter: number('00281050'), windowWidth: number('00281051') };
}
