/** A query level (PS3.18 10.6, PS3.4 C.6): what one result describes. QIDO-RS has no patient level; C-FIND's Patient Root has. */
export type QidoLevel = 'patient' | 'study' | 'series' | 'instance';

export type QidoMatching = 'uid' | 'string' | 'name' | 'date' | 'time' | 'number' | 'modalities';

export interface QidoAttribute {
  tag: string;
  keyword: string;
  vr: string;
  level: QidoLevel;
  /** The dicom_instances column, or null for ModalitiesInStudy (gathered from the study's series). */
  column: string | null;
  matching: QidoMatching;
}

const attribute = (level: QidoLevel, tag: string, keyword: string, vr: string, column: string | null, matching: QidoMatching): QidoAttribute => ({ tag, keyword, vr, level, column, matching });

/**
 * The attributes each level matches on and returns (PS3.18 Table 10.6.1-5 and 10.6.3-3, with
 * StudyDescription, SeriesDescription and the image size that viewers ask for).
 */
export const QIDO_ATTRIBUTES: readonly QidoAttribute[] = [
  attribute('study', '00080020', 'StudyDate', 'DA', 'study_date', 'date'),
  attribute('study', '00080030', 'StudyTime', 'TM', 'study_time', 'time'),
  attribute('study', '00080050', 'AccessionNumber', 'SH', 'accession_number', 'string'),
  attribute('study', '00080061', 'ModalitiesInStudy', 'CS', null, 'modalities'),
  attribute('study', '00080090', 'ReferringPhysicianName', 'PN', 'referring_physician_name', 'name'),
  attribute('study', '00081030', 'StudyDescription', 'LO', 'study_description', 'string'),
  attribute('patient', '00100010', 'PatientName', 'PN', 'patient_name', 'name'),
  attribute('patient', '00100020', 'PatientID', 'LO', 'patient_id', 'string'),
  attribute('patient', '00100030', 'PatientBirthDate', 'DA', 'patient_birth_date', 'date'),
  attribute('patient', '00100040', 'PatientSex', 'CS', 'patient_sex', 'string'),
  attribute('study', '0020000D', 'StudyInstanceUID', 'UI', 'study_uid', 'uid'),
  attribute('study', '00200010', 'StudyID', 'SH', 'study_id', 'string'),
  attribute('series', '00080060', 'Modality', 'CS', 'modality', 'string'),
  attribute('series', '0008103E', 'SeriesDescription', 'LO', 'series_description', 'string'),
  attribute('series', '0020000E', 'SeriesInstanceUID', 'UI', 'series_uid', 'uid'),
  attribute('series', '00200011', 'SeriesNumber', 'IS', 'series_number', 'number'),
  attribute('series', '00400244', 'PerformedProcedureStepStartDate', 'DA', 'performed_procedure_step_start_date', 'date'),
  attribute('series', '00400245', 'PerformedProcedureStepStartTime', 'TM', 'performed_procedure_step_start_time', 'time'),
  attribute('instance', '00080016', 'SOPClassUID', 'UI', 'sop_class_uid', 'uid'),
  attribute('instance', '00080018', 'SOPInstanceUID', 'UI', 'sop_instance_uid', 'uid'),
  attribute('instance', '00200013', 'InstanceNumber', 'IS', 'instance_number', 'number'),
  attribute('instance', '00280008', 'NumberOfFrames', 'IS', 'number_of_frames', 'number'),
  attribute('instance', '00280010', 'Rows', 'US', 'rows', 'number'),
  attribute('instance', '00280011', 'Columns', 'US', 'columns', 'number'),
  attribute('instance', '00280100', 'BitsAllocated', 'US', 'bits_allocated', 'number'),
];

const LEVEL_DEPTH: Record<QidoLevel, number> = { patient: -1, study: 0, series: 1, instance: 2 };

/** The attributes a query at `level` may match on and returns by default: its own and those above it. */
export function attributesOfLevel(level: QidoLevel): QidoAttribute[] {
  return QIDO_ATTRIBUTES.filter((a) => LEVEL_DEPTH[a.level] <= LEVEL_DEPTH[level] && !(a.matching === 'modalities' && level !== 'study'));
}
