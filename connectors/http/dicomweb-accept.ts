import { ApiError } from '../../engine/errors/api-error.ts';
import { TransferSyntax } from '../../transforms/dicom/transfer-syntax.ts';
import { mediaTypeParameters } from './multipart-related.ts';

/** What a WADO-RS retrieve may answer with: the transfer syntax asked for, `*` for as stored. */
export interface DicomAccept {
  transferSyntax: string;
}

/**
 * Read a WADO-RS Accept header (PS3.18 8.7.3.5): `multipart/related; type="application/dicom"`
 * with an optional `transfer-syntax` (`*` for as stored), or any media range that admits it.
 * Without a transfer syntax the answer is Explicit VR Little Endian (PS3.18 8.7.3.5.2).
 * Nothing acceptable is a 406.
 */
export function parseDicomAccept(header: string | undefined): DicomAccept {
  if (!header || header.trim() === '') return { transferSyntax: TransferSyntax.ExplicitVRLittleEndian };
  const ranges = header.split(',').map((range) => mediaTypeParameters(range));
  for (const { type, params } of ranges.filter((r) => r.params.q !== '0')) {
    if (type === '*/*' || type === 'multipart/*') return { transferSyntax: TransferSyntax.ExplicitVRLittleEndian };
    if (type !== 'multipart/related') continue;
    const partType = (params.type ?? 'application/dicom').toLowerCase();
    if (partType !== 'application/dicom' && partType !== '*/*' && partType !== 'application/*') continue;
    return { transferSyntax: params['transfer-syntax'] ?? TransferSyntax.ExplicitVRLittleEndian };
  }
  throw new ApiError('NOT_ACCEPTABLE', `instances are retrieved as multipart/related; type="application/dicom" (with an optional transfer-syntax); the request accepts only ${header.slice(0, 200)}`);
}
