import { firstString, type DicomJson } from '../../transforms/dicom/dicom-json.ts';
import { QIDO_ATTRIBUTES } from './qido-attributes.ts';

/** A dicom_instances row as read back. */
export interface DicomInstanceRow {
  id: number | string;
  store_pk: number;
  study_uid: string;
  series_uid: string;
  sop_instance_uid: string;
  sop_class_uid: string;
  transfer_syntax_uid: string;
  blob_sha256: string;
  size: number | string;
  metadata: string;
  [column: string]: unknown;
}

/** The identity of an instance, required of every one stored. */
export interface DicomInstanceIdentity {
  studyUid: string;
  seriesUid: string;
  sopInstanceUid: string;
  sopClassUid: string;
  transferSyntaxUid: string;
}

/** The indexed columns of an instance, from its dataset. */
export function indexColumnsOf(dataset: DicomJson): Record<string, string | number | null> {
  const columns: Record<string, string | number | null> = {};
  for (const attribute of QIDO_ATTRIBUTES) {
    if (!attribute.column || attribute.matching === 'uid') continue;
    const value = firstString(dataset, attribute.tag);
    if (attribute.matching === 'number') {
      const number = value === undefined ? NaN : Number(value);
      columns[attribute.column] = Number.isInteger(number) && Math.abs(number) < 2 ** 31 ? number : null;
    } else {
      columns[attribute.column] = value === undefined ? null : value;
    }
  }
  return columns;
}
