import { readFileSync } from 'node:fs';

const BOUNDARY = 'plexus-bench-stow';

/** The Content-Type of every body stowBodyOf builds. */
export const STOW_CONTENT_TYPE = `multipart/related; type="application/dicom"; boundary=${BOUNDARY}`;

/** A STOW-RS request body holding one Part-10 file. */
export function stowBodyOf(file: string): Buffer {
  return Buffer.concat([Buffer.from(`--${BOUNDARY}\r\nContent-Type: application/dicom\r\n\r\n`), readFileSync(file), Buffer.from(`\r\n--${BOUNDARY}--\r\n`)]);
}
