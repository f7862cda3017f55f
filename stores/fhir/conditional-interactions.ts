import { ApiError, invalidArgument, notFound } from '../../engine/errors/api-error.ts';
import type { SqlTx } from '../../engine/regions/sql-tx.ts';
import type { StoreRecord } from '../datasets/store-repository.ts';
import { findConditionalMatches } from './find-conditional-matches.ts';
import type { FhirResource, StoredFhirResource } from './fhir-resource.ts';
import type { FhirResourceStore, WriteOptions } from './fhir-resource-store.ts';

type Criteria = Record<string, string | string[] | undefined>;

/**
 * The conditional interactions, shared by the REST routes and Bundle entries. Each runs in
 * the caller's transaction, which must be serialized for the store and type (see the
 * routes), so two of them cannot both see no match.
 */
export class ConditionalInteractions {
  constructor(private readonly resources: FhirResourceStore) {}

  /** `If-None-Exist`: the one match, or a new resource; several matches are a 412. */
  async create(tx: SqlTx, store: StoreRecord, resource: FhirResource, criteria: Criteria, options: WriteOptions = { method: 'POST' }, id?: string): Promise<{ stored: StoredFhirResource; created: boolean }> {
    const matches = await findConditionalMatches(this.resources.region, store, resource.resourceType, criteria, tx);
    if (matches.length > 1) throw new ApiError('PRECONDITION_FAILED', `If-None-Exist matches more than one ${resource.resourceType}`);
    if (matches.length === 1) return { stored: matches[0], created: false };
    return { stored: await this.resources.create(tx, store, resource, options, id), created: true };
  }

  /** Update the one match, or create (with the body's id when it has one); several matches are a 412. */
  async update(tx: SqlTx, store: StoreRecord, resource: FhirResource, criteria: Criteria, options: WriteOptions): Promise<{ stored: StoredFhirResource; created: boolean }> {
    const type = resource.resourceType;
    const matches = await findConditionalMatches(this.resources.region, store, type, criteria, tx);
    if (matches.length > 1) throw new ApiError('PRECONDITION_FAILED', `the criteria match more than one ${type}`);
    if (matches.length === 1) {
      if (resource.id !== undefined && resource.id !== matches[0].id) throw invalidArgument(`the body's id '${resource.id}' is not that of the matching ${type}/${matches[0].id}`);
      return this.resources.update(tx, store, { ...resource, id: matches[0].id }, options);
    }
    if (resource.id !== undefined) return this.resources.update(tx, store, resource, options);
    return { stored: await this.resources.create(tx, store, resource, options), created: true };
  }

  /** Patch the one match; none is a 404, several a 412. */
  async patch(tx: SqlTx, store: StoreRecord, type: string, criteria: Criteria, apply: (current: FhirResource) => FhirResource, options: WriteOptions): Promise<StoredFhirResource> {
    const matches = await findConditionalMatches(this.resources.region, store, type, criteria, tx);
    if (matches.length > 1) throw new ApiError('PRECONDITION_FAILED', `the criteria match more than one ${type}`);
    if (matches.length === 0) throw notFound(`no ${type} matches the criteria`);
    return this.resources.patch(tx, store, type, matches[0].id, apply, options);
  }

  /** Delete the one match; none is nothing to do, several are a 412. */
  async delete(tx: SqlTx, store: StoreRecord, type: string, criteria: Criteria): Promise<StoredFhirResource | null> {
    const matches = await findConditionalMatches(this.resources.region, store, type, criteria, tx);
    if (matches.length > 1) throw new ApiError('PRECONDITION_FAILED', `the criteria match more than one ${type}; delete them one by one`);
    return matches.length === 1 ? this.resources.delete(tx, store, type, matches[0].id) : null;
  }
}
