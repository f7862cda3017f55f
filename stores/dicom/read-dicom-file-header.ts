import { open } from 'node:fs/promises';
import { DicomParseError, NeedMoreBytes } from '../../transforms/dicom/dicom-parse-error.ts';
import { readPart10Header, type Part10Header } from '../../transforms/dicom/read-part10-header.ts';

const FIRST_READ = 64 * 1024;
/** A header (everything before Pixel Data) larger than this is refused rather than read into memory. */
const MAX_HEADER = 64 * 1024 * 1024;

/** Where a stored instance's BulkDataURIs point, replaced by the instance's URL when served. */
export const INSTANCE_URL_PLACEHOLDER = '{instance}';

/** A file's header as read, with the bytes it was read from (the file's first bytes, at least up to Pixel Data). */
export type DicomFileHeader = Part10Header & { bytes: Buffer };

/**
 * Read a Part-10 file's header from disk: its first 64 KB, and more only when the elements
 * before Pixel Data go on past that, so a 500 MB instance costs a few reads.
 */
export async function readDicomFileHeader(path: string, size: number, onBulkData?: (tagPath: string, bytes: Buffer) => void, head?: Buffer): Promise<DicomFileHeader> {
  const options = { bulkDataUri: (tagPath: string) => `${INSTANCE_URL_PLACEHOLDER}/bulkdata/${tagPath}`, onBulkData };
  if (head) {
    // The upload kept the file's first bytes: most headers are read without opening it.
    try {
      return { ...readPart10Header(head, head.length >= size, options), bytes: head };
    } catch (error) {
      if (!(error instanceof NeedMoreBytes)) throw error;
    }
  }
  const file = await open(path, 'r');
  try {
    let length = Math.min(size, FIRST_READ);
    for (;;) {
      const bytes = Buffer.allocUnsafe(length);
      const { bytesRead } = await file.read(bytes, 0, length, 0);
      try {
        const read = bytes.subarray(0, bytesRead);
        return { ...readPart10Header(read, bytesRead >= size, options), bytes: read };
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
