import type { Region } from '../../engine/regions/region.ts';
import { parseResourceName } from '../datasets/resource-names.ts';
import { KnexStoreRepository, type StoreRecord } from '../datasets/store-repository.ts';

/** How long a store's record is reused between instances. */
const CACHE_MS = 1000;

/**
 * A DICOM store that a DIMSE listener (or a channel destination) names: its record, looked
 * up at most once a second, so an association costs no extra query per instance and a
 * config change (or a deleted store) shows within a second.
 */
export class DicomStoreTarget {
  readonly region: Region;
  private readonly project: string;
  private readonly dataset: string;
  private readonly storeId: string;
  private cached: { store: StoreRecord; until: number } | null = null;

  constructor(readonly name: string, regionOf: (location: string) => Region) {
    const target = parseResourceName(name);
    if (!target?.location || !target.dataset || target.storeType !== 'dicom' || !target.store) throw new Error(`${name} is not a DICOM store name`);
    this.project = target.project;
    this.dataset = target.dataset;
    this.storeId = target.store;
    this.region = regionOf(target.location);
  }

  /** The store, or null when it does not exist (now). */
  async resolve(): Promise<StoreRecord | null> {
    if (this.cached && this.cached.until > Date.now()) return this.cached.store;
    const store = await new KnexStoreRepository(this.region).get(this.project, this.dataset, 'dicom', this.storeId);
    this.cached = store ? { store, until: Date.now() + CACHE_MS } : null;
    return store;
  }
}
