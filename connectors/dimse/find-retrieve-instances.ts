import { ApiError } from '../../engine/errors/api-error.ts';
import type { StoreRecord } from '../../stores/datasets/store-repository.ts';
import type { DicomInstanceRow } from '../../stores/dicom/dicom-instance-row.ts';
import type { DicomStoreTarget } from '../../stores/dicom/dicom-store-target.ts';
import { parseQidoQuery } from '../../stores/dicom/parse-qido-query.ts';
import { searchDicomIndex } from '../../stores/dicom/search-dicom-index.ts';
import type { FindIdentifier } from './find-identifier.ts';

/** The unique keys a C-MOVE or C-GET identifier gives at each level (PS3.4 C.4.2.1.4). */
const UNIQUE_KEYS: Record<FindIdentifier['level'], string[]> = {
  patient: ['PatientID'],
  study: ['PatientID', 'StudyInstanceUID'],
  series: ['PatientID', 'StudyInstanceUID', 'SeriesInstanceUID'],
  instance: ['PatientID', 'StudyInstanceUID', 'SeriesInstanceUID', 'SOPInstanceUID'],
};
const LEVEL_KEY: Record<FindIdentifier['level'], string> = { patient: 'PatientID', study: 'StudyInstanceUID', series: 'SeriesInstanceUID', instance: 'SOPInstanceUID' };
const PAGE = 5000;

/**
 * The instances a retrieve identifier names, by its unique keys (UID lists allowed). Throws
 * ApiError with a sentence for the Error Comment when the level's own key is missing.
 */
export async function findRetrieveInstances(target: DicomStoreTarget, store: StoreRecord, identifier: FindIdentifier): Promise<DicomInstanceRow[]> {
  const key = LEVEL_KEY[identifier.level];
  if (!identifier.matches[key]) throw new ApiError('INVALID_ARGUMENT', `a ${identifier.level} level retrieve needs ${key}`);
  const matches = Object.fromEntries(UNIQUE_KEYS[identifier.level].filter((k) => identifier.matches[k]).map((k) => [k, identifier.matches[k]]));
  const query = parseQidoQuery('instance', {}, { ...matches, limit: String(PAGE) });
  const rows: DicomInstanceRow[] = [];
  for (let offset = 0; ; offset += PAGE) {
    const page = await searchDicomIndex(target.region, store, { ...query, offset });
    rows.push(...page.matches.map((match) => match.row));
    if (page.remaining === 0) return rows;
  }
}
