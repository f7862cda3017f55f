import type { DimseListenerConfig } from '../../config/server-config.ts';
import type { AuditLog } from '../../engine/audit/audit-log.ts';
import type { Logger } from '../../engine/logger.ts';
import type { Regions } from '../../engine/regions/regions.ts';
import { DicomStoreTarget } from '../../stores/dicom/dicom-store-target.ts';
import { DimseListener } from './dimse-listener.ts';
import { StoreCStoreTarget } from './store-c-store-target.ts';

export interface DimseStoreListenerDeps {
  regions: Regions;
  audit: AuditLog;
  logger: Logger;
  /** The largest instance a C-STORE may bring (plexus.yaml's limits.stow). */
  maxInstanceBytes: number;
}

/** A plexus.yaml `dimse` listener: C-STORE into its store, C-FIND, C-MOVE and C-GET against its queryRetrieve store. */
export function createDimseStoreListener(config: DimseListenerConfig, deps: DimseStoreListenerDeps): DimseListener {
  const regionOf = (location: string) => deps.regions.get(location);
  return new DimseListener(config, {
    storage: new StoreCStoreTarget(new DicomStoreTarget(config.store, regionOf), deps.audit, deps.logger),
    queryTarget: new DicomStoreTarget(config.queryRetrieve, regionOf),
    audit: deps.audit,
    logger: deps.logger,
    maxInstanceBytes: deps.maxInstanceBytes,
  });
}
