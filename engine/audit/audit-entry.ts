/** Google's audit log types: admin activity is always kept, the others are data access. */
export type LogType = 'ADMIN_WRITE' | 'ADMIN_READ' | 'DATA_READ' | 'DATA_WRITE';

/** One audited action: who did what to which resource, and how it ended. */
export interface AuditEntry {
  /** ISO 8601 with milliseconds. */
  time: string;
  principal: string;
  permission: string;
  /** The full resource name the action was on. */
  resource: string;
  /** HTTP method and route pattern, or the protocol operation (`MLLP ingest`, `C-STORE`). */
  method: string;
  /** HTTP status, or the protocol's status. */
  status: number;
  requestId: string;
  peer: string;
  logType: LogType;
  /** `datasets`, `hl7v2`, `fhir`, `dicom`, `iam`, `operations`, `audit`, `channels`. */
  service: string;
}
