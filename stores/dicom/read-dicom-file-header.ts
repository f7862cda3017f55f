import { open } from 'node:fs/promises';
import { DicomParseError, NeedMoreBytes } from '../../transforms/dicom/dicom-parse-error.ts';
import { readPart10Header, type Part10Header } from '../../transforms/dicom/read-part10-header.ts';

const FIRST_READ = 64 * 1024;
/** A header (everything before Pixel Data) larger than this is refused rather than read into memory. */
const MAX_HEADER = 64 * 1024 * 1024;

/** Where a stored instance's BulkDataURIs point, replaced by the instance's URL when served. */
export const INSTANCE_URL_PLACEHOLDER = '{instance}';

/**
 * Read a Part-10 file's header from disk: its first 64 KB, and more only when the elements
 * before Pixel Data go on past that, so a 500 MB instance costs a few reads.
 */
export async function readDicomFileHeader(path: string, size: number, onBulkData?: (tagPath: string, bytes: Buffer) => void): Promise<Part10Header> {
  const file = await open(path, 'r');
  try {
    let length = Math.min(size, FIRST_READ);
    for (;;) {
      const bytes = Buffer.allocUnsafe(length);
      const { bytesRead } = await file.read(bytes, 0, length, 0);
      try {
        return readPart10Header(bytes.subarray(0, bytesRead), bytesRead >= size, { bulkDataUri: (path) => `${INSTANCE_URL_PLACEHOLDER}/bulkdata/${path}`, onBulkData });
      } catch (error) {
        if (!(error instanceof NeedMoreBytes) || length >= size) throw error;
        if (length >= MAX_HEADER) throw new DicomParseError(`the elements before Pixel Data take more than ${MAX_HEADER} bytes`);
        length = Math.min(size, length * 8, MAX_HEADER);
      }
    }
  } finally {
    await file.close();
  }
}
