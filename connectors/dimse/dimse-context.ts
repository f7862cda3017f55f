import type { DimseListenerConfig } from '../../config/server-config.ts';
import type { AuditEntry } from '../../engine/audit/audit-entry.ts';
import type { AuditLog } from '../../engine/audit/audit-log.ts';
import type { Logger } from '../../engine/logger.ts';
import type { DicomStoreTarget } from '../../stores/dicom/dicom-store-target.ts';

/** What every association of one DIMSE listener shares. */
export interface DimseContext {
  config: DimseListenerConfig;
  /** Where C-STORE lands. */
  storeTarget: DicomStoreTarget;
  /** What C-FIND, C-MOVE and C-GET query. */
  queryTarget: DicomStoreTarget;
  audit: AuditLog;
  logger: Logger;
  /** The largest instance a C-STORE may bring; past it the data set is dropped and A700 answered. */
  maxInstanceBytes: number;
  /** Open associations, against config.maxAssociations. */
  associations: { open: number };
}

/** One association as its requests see it: who called, from where. */
export interface AssociationPeer {
  callingAeTitle: string;
  address: string;
  associationId: string;
}

/** An audit entry for a DIMSE operation; the principal is the calling AE title at the peer's address. */
export function dimseAuditEntry(peer: AssociationPeer, operation: string, permission: string, resource: string, status: number, sequence: number): AuditEntry {
  return {
    time: new Date().toISOString(),
    principal: `dimse:${peer.callingAeTitle}@${peer.address}`,
    permission,
    resource,
    method: operation,
    status,
    requestId: `${peer.associationId}-${sequence}`,
    peer: peer.address,
    logType: operation === 'C-STORE' ? 'DATA_WRITE' : 'DATA_READ',
    service: 'dicom',
  };
}
