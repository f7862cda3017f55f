import { ApiError } from '../../engine/errors/api-error.ts';
import { TransferSyntax } from '../../transforms/dicom/transfer-syntax.ts';
import { mediaTypeParameters } from './multipart-related.ts';

/** The media type of a frame in each compressed syntax (PS3.18 Table 8.7.3-5). */
export const FRAME_MEDIA_TYPES: Record<string, string> = {
  [TransferSyntax.JPEGBaseline8Bit]: 'image/jpeg',
  [TransferSyntax.JPEGExtended12Bit]: 'image/jpeg',
  [TransferSyntax.JPEGLossless]: 'image/jpeg',
  [TransferSyntax.JPEGLosslessSV1]: 'image/jpeg',
  [TransferSyntax.JPEGLSLossless]: 'image/jls',
  [TransferSyntax.JPEGLSNearLossless]: 'image/jls',
  [TransferSyntax.JPEG2000Lossless]: 'image/jp2',
  [TransferSyntax.JPEG2000]: 'image/jp2',
  [TransferSyntax.RLELossless]: 'image/dicom-rle',
};

/** How frames are answered: as stored, or decoded to native pixels. */
export type FrameAnswer = { asStored: true } | { asStored: false };

/**
 * Read a frames Accept header (PS3.18 8.7.3.5.2): `multipart/related;
 * type="application/octet-stream"` is native pixels (decoded when stored compressed),
 * with `transfer-syntax=*` the frames as stored; a compressed media type is accepted when it
 * is what the instance holds. Nothing acceptable is a 406.
 */
export function parseFrameAccept(header: string | undefined, storedSyntax: string): FrameAnswer {
  if (!header || header.trim() === '') return { asStored: false };
  const storedType = FRAME_MEDIA_TYPES[storedSyntax] ?? 'application/octet-stream';
  for (const { type, params } of header.split(',').map((range) => mediaTypeParameters(range))) {
    if (type === '*/*' || type === 'multipart/*') return { asStored: false };
    if (type !== 'multipart/related') continue;
    const partType = (params.type ?? 'application/octet-stream').toLowerCase();
    const syntax = params['transfer-syntax'];
    if (partType === 'application/octet-stream') {
      if (syntax === '*') return { asStored: true };
      if (syntax === undefined || syntax === TransferSyntax.ExplicitVRLittleEndian) return { asStored: false };
      continue;
    }
    if (partType === storedType && (syntax === undefined || syntax === '*' || syntax === storedSyntax)) return { asStored: true };
  }
  throw new ApiError('NOT_ACCEPTABLE', `the frames are stored as ${storedType} (${storedSyntax}); accept multipart/related; type="application/octet-stream" (native pixels) or type="${storedType}"`);
}
