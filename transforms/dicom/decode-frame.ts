import { decodeJpegLossless, decodeWithWasm } from './dicom-codecs.ts';
import { DicomParseError } from './dicom-parse-error.ts';
import { decodeRle } from './decode-rle.ts';
import type { PixelInfo } from './pixel-info.ts';
import { TransferSyntax } from './transfer-syntax.ts';

export interface DecodedFrame {
  /** Native little endian pixels, samples interleaved. */
  pixels: Buffer;
  /** The photometric interpretation of `pixels` (a JPEG's YBR comes out as RGB). */
  photometricInterpretation: string;
}

/** The syntaxes whose frames this engine decodes. */
export const DECODABLE_TRANSFER_SYNTAXES: readonly string[] = [
  TransferSyntax.ImplicitVRLittleEndian,
  TransferSyntax.ExplicitVRLittleEndian,
  TransferSyntax.DeflatedExplicitVRLittleEndian,
  TransferSyntax.ExplicitVRBigEndian,
  TransferSyntax.RLELossless,
  TransferSyntax.JPEGBaseline8Bit,
  TransferSyntax.JPEGExtended12Bit,
  TransferSyntax.JPEGLossless,
  TransferSyntax.JPEGLosslessSV1,
  TransferSyntax.JPEGLSLossless,
  TransferSyntax.JPEGLSNearLossless,
  TransferSyntax.JPEG2000Lossless,
  TransferSyntax.JPEG2000,
];

/** Decode one stored frame to native pixels (PS3.5 8 and Annex A.4). */
export async function decodeFrame(transferSyntaxUid: string, frame: Buffer, info: PixelInfo): Promise<DecodedFrame> {
  const photometric = info.photometricInterpretation;
  switch (transferSyntaxUid) {
    case TransferSyntax.ImplicitVRLittleEndian:
    case TransferSyntax.ExplicitVRLittleEndian:
    case TransferSyntax.DeflatedExplicitVRLittleEndian:
      return { pixels: interleaved(frame, info), photometricInterpretation: photometric };
    case TransferSyntax.ExplicitVRBigEndian: {
      const pixels = Buffer.from(frame);
      if (info.bitsAllocated === 16) pixels.swap16();
      else if (info.bitsAllocated === 32) pixels.swap32();
      return { pixels: interleaved(pixels, info), photometricInterpretation: photometric };
    }
    case TransferSyntax.RLELossless:
      return { pixels: decodeRle(frame, info), photometricInterpretation: photometric };
    case TransferSyntax.JPEGBaseline8Bit:
    case TransferSyntax.JPEGExtended12Bit:
      // libjpeg-turbo converts YCbCr to RGB whatever the header says.
      return { pixels: await decodeWithWasm('jpeg', frame), photometricInterpretation: info.samplesPerPixel === 3 ? 'RGB' : photometric };
    case TransferSyntax.JPEGLossless:
    case TransferSyntax.JPEGLosslessSV1:
      return { pixels: decodeJpegLossless(frame, info.bitsAllocated), photometricInterpretation: photometric };
    case TransferSyntax.JPEGLSLossless:
    case TransferSyntax.JPEGLSNearLossless:
      return { pixels: await decodeWithWasm('jls', frame), photometricInterpretation: photometric };
    case TransferSyntax.JPEG2000Lossless:
    case TransferSyntax.JPEG2000:
      return { pixels: await decodeWithWasm('j2k', frame), photometricInterpretation: info.samplesPerPixel === 3 ? 'RGB' : photometric };
    default:
      throw new DicomParseError(`frames in transfer syntax ${transferSyntaxUid} cannot be decoded here`);
  }
}

/** Color-by-plane native pixels (Planar Configuration 1) rearranged color-by-pixel. */
function interleaved(frame: Buffer, info: PixelInfo): Buffer {
  if (info.samplesPerPixel === 1 || info.planarConfiguration === 0) return frame;
  const bytes = info.bitsAllocated / 8;
  const pixels = info.rows * info.columns;
  const out = Buffer.alloc(frame.length);
  for (let p = 0; p < pixels; p++) {
    for (let s = 0; s < info.samplesPerPixel; s++) frame.copy(out, (p * info.samplesPerPixel + s) * bytes, (s * pixels + p) * bytes, (s * pixels + p + 1) * bytes);
  }
  return out;
}
