import type { Region } from '../../engine/regions/region.ts';
import { KnexDatasetRepository } from '../datasets/dataset-repository.ts';
import { parseResourceName } from '../datasets/resource-names.ts';
import { KnexStoreRepository, type StoreRecord } from '../datasets/store-repository.ts';

/** How long a store's record and its dataset's time zone are reused between messages. */
const CACHE_MS = 1000;

export interface ResolvedHl7v2Store {
  store: StoreRecord;
  /** The dataset's time zone, for send_date. */
  timeZone: string;
}

/**
 * An HL7v2 store that a feed writes to by name (an MLLP port, a channel destination): its
 * record and dataset time zone, looked up at most once a second so a feed costs no extra
 * query per message, and a config change (or a deleted store) shows within a second.
 */
export class Hl7v2StoreTarget {
  readonly project: string;
  readonly location: string;
  private readonly dataset: string;
  private readonly storeId: string;
  /** The store's region. */
  readonly region: Region;
  private cached: { resolved: ResolvedHl7v2Store; until: number } | null = null;

  constructor(readonly name: string, regionOf: (location: string) => Region) {
    const target = parseResourceName(name);
    if (!target?.location || !target.dataset || target.storeType !== 'hl7v2' || !target.store) throw new Error(`${name} is not an HL7v2 store name`);
    this.project = target.project;
    this.location = target.location;
    this.dataset = target.dataset;
    this.storeId = target.store;
    this.region = regionOf(target.location);
  }

  /** The store, or null when it does not exist (now). */
  async resolve(): Promise<ResolvedHl7v2Store | null> {
    if (this.cached && this.cached.until > Date.now()) return this.cached.resolved;
    const store = await new KnexStoreRepository(this.region).get(this.project, this.dataset, 'hl7v2', this.storeId);
    if (!store) return null;
    const dataset = await new KnexDatasetRepository(this.region).get(this.project, this.dataset);
    const resolved = { store, timeZone: dataset?.timeZone ?? 'UTC' };
    this.cached = { resolved, until: Date.now() + CACHE_MS };
    return resolved;
  }
}
