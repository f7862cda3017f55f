import { execFile } from 'node:child_process';
import { copyFileSync, chmodSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { firstString } from '../../transforms/dicom/dicom-json.ts';
import { readPart10Header } from '../../transforms/dicom/read-part10-header.ts';

const run = promisify(execFile);
export const CT_SMALL = '../shared/fixtures/dicom/CT_small.dcm';
/** dcmodify takes many files per call; a batch keeps the argument list short. */
const BATCH = 500;

export interface DicomCopy {
  file: string;
  studyUid: string;
  seriesUid: string;
  sopInstanceUid: string;
}

/**
 * `count` copies of `source` in `dir`, each under new UIDs from dcmtk's `dcmodify`:
 * `-gin -gse -gst` (a study of its own each) or, with `oneStudy`, a new study and series
 * shared by all and `-gin` (a new SOP Instance UID) per copy.
 */
export async function makeDicomCopies(dir: string, count: number, options: { oneStudy?: boolean; source?: string } = {}): Promise<DicomCopy[]> {
  mkdirSync(dir, { recursive: true });
  let source = options.source ?? CT_SMALL;
  if (options.oneStudy) {
    const base = join(dir, 'study-base.dcm');
    copyFileSync(source, base);
    chmodSync(base, 0o644);
    await dcmodify(['-gst', '-gse'], [base]);
    source = base;
  }
  const files = Array.from({ length: count }, (_, i) => join(dir, `${String(i).padStart(6, '0')}.dcm`));
  for (const file of files) {
    copyFileSync(source, file);
    chmodSync(file, 0o644);
  }
  const flags = options.oneStudy ? ['-gin'] : ['-gin', '-gse', '-gst'];
  for (let i = 0; i < files.length; i += BATCH) await dcmodify(flags, files.slice(i, i + BATCH));
  return files.map(readIdentity);
}

async function dcmodify(flags: string[], files: string[]): Promise<void> {
  // -nb: no .bak copies; dcmodify also rewrites the meta header's Media Storage SOP Instance UID.
  await run('dcmodify', ['-nb', ...flags, ...files], { maxBuffer: 64 * 1024 * 1024 });
}

function readIdentity(file: string): DicomCopy {
  const { dataset } = readPart10Header(readFileSync(file), true);
  return { file, studyUid: firstString(dataset, '0020000D')!, seriesUid: firstString(dataset, '0020000E')!, sopInstanceUid: firstString(dataset, '00080018')! };
}
