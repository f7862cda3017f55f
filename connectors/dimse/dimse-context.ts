import type { DimseListenerFields } from '../../config/channel-config.ts';
import type { DimseDestinationConfig } from '../../config/server-config.ts';
import type { AuditEntry } from '../../engine/audit/audit-entry.ts';
import type { AuditLog } from '../../engine/audit/audit-log.ts';
import type { Logger } from '../../engine/logger.ts';
import type { DicomStoreTarget } from '../../stores/dicom/dicom-store-target.ts';
import type { AssociationPeer } from './association-peer.ts';
import type { CStoreTarget } from './c-store-target.ts';

/** An SCP's settings: AE title, socket and bounds, and where C-MOVE may send (AE title to host and port). */
export type DimseScpConfig = DimseListenerFields & { moveDestinations: readonly DimseDestinationConfig[] };

/** What every association of one DIMSE listener shares. */
export interface DimseContext {
  config: DimseScpConfig;
  /** Where C-STORE goes: a DICOM store, or a channel. */
  storage: CStoreTarget;
  /** What C-FIND, C-MOVE and C-GET query; null for a channel's source, which only receives. */
  queryTarget: DicomStoreTarget | null;
  audit: AuditLog;
  logger: Logger;
  /** The largest instance a C-STORE may bring; past it the data set is dropped and A700 answered. */
  maxInstanceBytes: number;
  /** Open associations, against config.maxAssociations. */
  associations: { open: number };
}

export type { AssociationPeer };

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

/** The context of a listener that answers C-FIND, C-MOVE and C-GET: it has a store to query. */
export type QueryRetrieveContext = DimseContext & { queryTarget: DicomStoreTarget };
