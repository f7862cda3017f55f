import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { ApiError, invalidArgument, notFound } from '../../engine/errors/api-error.ts';
import { insertRows } from '../../engine/regions/insert-rows.ts';
import { PreparedRead } from '../../engine/regions/prepared-read.ts';
import { noteBulkRows } from '../../engine/regions/refresh-statistics.ts';
import type { Region } from '../../engine/regions/region.ts';
import type { SqlTx } from '../../engine/regions/sql-tx.ts';
import type { StoreRecord } from '../datasets/store-repository.ts';
import { announceFhirChange } from './announce-fhir-change.ts';
import { localTargetsOf } from './collect-references.ts';
import { type FhirResource, resourceOf, type StoredFhirResource } from './fhir-resource.ts';
import { checkFhirStructure } from '../../transforms/validation/check-fhir-structure.ts';
import { type FhirVersionRow, fromFhirVersionRow, VERSION_COLUMNS } from './fhir-resource-rows.ts';
import { extractSearchIndex } from './search/extract-search-index.ts';
import type { FhirSearchParameters } from './search/fhir-search-parameters.ts';
import { indexTableOf, SEARCH_INDEX_TABLES } from './search/search-index-rows.ts';

/** Rows per multi-row INSERT, inside both dialects' bound-parameter limits. */
const CHUNK = 400;

/** The tables a bulk write fills, whose statistics the planner then needs anew. */
const FHIR_TABLES = ['fhir_resources', 'fhir_resource_versions', 'fhir_references', ...SEARCH_INDEX_TABLES.map(indexTableOf)];

function currentVersionQuery(db: Knex, storePk: number, resourceType: string, id: string) {
  return db('fhir_resources as r')
    .join('fhir_resource_versions as v', function () { this.on('v.resource_pk', 'r.id').andOn('v.version_id', 'r.version_id'); })
    .where({ 'r.store_pk': storePk, 'r.resource_type': resourceType, 'r.resource_id': id })
    .select(VERSION_COLUMNS).limit(1);
}

/** Reads by id and version, the hottest FHIR reads, compiled once rather than per request. */
const readCurrentVersion = new PreparedRead<[number, string, string], FhirVersionRow>(currentVersionQuery);
const readVersion = new PreparedRead<[number, string, string, number], FhirVersionRow>((db, storePk, resourceType, id, versionId) => db('fhir_resource_versions as v')
  .where({ 'v.store_pk': storePk, 'v.resource_type': resourceType, 'v.resource_id': id, 'v.version_id': versionId })
  .select(VERSION_COLUMNS).limit(1));

/** A version about to be written: of which resource (`pk`), with what content. */
interface NewVersion {
  pk: number;
  resource: FhirResource;
  id: string;
  versionId: number;
  now: number;
  method: string;
  /** For notifications: the write created the resource (or brought a deleted one back). */
  created: boolean;
}

interface CurrentRow {
  id: number | string;
  version_id: number | string;
  deleted: boolean | number;
}

export interface WriteOptions {
  /** The interaction recorded in history: POST, PUT or PATCH. */
  method: string;
  /** `If-Match`: the version the client last saw; a different current version is a 412. */
  ifMatch?: number;
  /** A transaction Bundle checks references once all its entries are written (they may point at each other). */
  deferReferenceCheck?: boolean;
}

/**
 * The FHIR resources of one region's stores. Writes run in the caller's SqlTx (with the
 * request's audit row); each one writes the new version, moves the current pointer with a
 * compare-and-set on the version (so concurrent updates get one winner), and rewrites the
 * search index and reference rows of the resource.
 */
export class FhirResourceStore {
  constructor(
    readonly region: Region,
    private readonly parameters: FhirSearchParameters,
  ) {}

  private get db() {
    return this.region.db;
  }

  /** Create `resource` under a new server-assigned id (or `id`, for an update that creates). */
  async create(tx: SqlTx, store: StoreRecord, resource: FhirResource, options: WriteOptions = { method: 'POST' }, id: string = randomUUID()): Promise<StoredFhirResource> {
    return (await this.createMany(tx, store, [{ resource, id }], options))[0];
  }

  /**
   * Create many resources with one multi-row INSERT per table (a transaction Bundle's
   * POST entries): a few statements for hundreds of resources instead of several each.
   */
  async createMany(tx: SqlTx, store: StoreRecord, items: Array<{ resource: FhirResource; id: string }>, options: WriteOptions = { method: 'POST' }): Promise<StoredFhirResource[]> {
    if (!options.deferReferenceCheck) await this.checkReferences(tx, store, items.map((item) => ({ ...item.resource, id: item.id })));
    const now = Date.now();
    const pks = new Map<string, number>();
    const rows = items.map(({ resource, id }) => ({
      store_pk: store.pk, resource_type: resource.resourceType, resource_id: id, version_id: 1, last_updated_ms: now, deleted: false,
    }));
    const inserted = await insertRows<{ id: number | string; resource_type: string; resource_id: string }>(tx, 'fhir_resources', rows, ['id', 'resource_type', 'resource_id']);
    for (const row of inserted) pks.set(`${row.resource_type}/${row.resource_id}`, Number(row.id));
    const versions = items.map(({ resource, id }) => ({ pk: pks.get(`${resource.resourceType}/${id}`)!, resource, id, versionId: 1, now, method: options.method, created: true }));
    const stored = await this.writeVersions(tx, store, versions, false);
    if (items.length > 1) tx.afterCommit(() => noteBulkRows(this.region, items.length, FHIR_TABLES));
    return stored;
  }

  /**
   * Which of `targets` the store holds, as `Type/id`: with `liveOnly`, only those not
   * deleted (what a reference may point to); without, tombstones too (an update of the
   * others creates them).
   */
  async existing(tx: SqlTx, store: StoreRecord, targets: Array<{ type: string; id: string }>, liveOnly = false): Promise<Set<string>> {
    const found = new Set<string>();
    for (let i = 0; i < targets.length; i += CHUNK) {
      const chunk = targets.slice(i, i + CHUNK);
      const query = this.db('fhir_resources').where({ store_pk: store.pk })
        .where((q) => { for (const t of chunk) q.orWhere({ resource_type: t.type, resource_id: t.id }); })
        .select('resource_type', 'resource_id');
      const { rows } = await tx.run<{ resource_type: string; resource_id: string }>(liveOnly ? query.andWhere({ deleted: false }) : query);
      for (const r of rows) found.add(`${r.resource_type}/${r.resource_id}`);
    }
    return found;
  }

  /** Replace the resource `type/id`; creates it when the store's `enableUpdateCreate` allows. */
  async update(tx: SqlTx, store: StoreRecord, resource: FhirResource, options: WriteOptions): Promise<{ stored: StoredFhirResource; created: boolean }> {
    const id = resource.id!;
    const current = await this.current(tx, store, resource.resourceType, id);
    if (!current) {
      if (options.ifMatch !== undefined) throw new ApiError('PRECONDITION_FAILED', `${resource.resourceType}/${id} does not exist, so version ${options.ifMatch} cannot match`);
      if (store.config.enableUpdateCreate !== true) {
        throw notFound(`${resource.resourceType}/${id} does not exist, and the store's enableUpdateCreate is off: create it with POST`);
      }
      return { stored: await this.create(tx, store, resource, options, id), created: true };
    }
    if (!options.deferReferenceCheck) await this.checkReferences(tx, store, [resource]);
    const version = await this.advance(tx, current, resource.resourceType, id, options.ifMatch, false);
    const [stored] = await this.writeVersions(tx, store, [{
      pk: Number(current.id), resource, id, versionId: version.versionId, now: version.now, method: options.method, created: Boolean(current.deleted),
    }], true);
    return { stored, created: Boolean(current.deleted) };
  }

  /**
   * Patch `type/id`: `apply` makes the new content from the current one (JSON Patch or
   * FHIRPath Patch), which must still be a valid resource of the same type and id.
   */
  async patch(tx: SqlTx, store: StoreRecord, resourceType: string, id: string, apply: (current: FhirResource) => FhirResource, options: WriteOptions): Promise<StoredFhirResource> {
    // Locked first (PostgreSQL), so two patches at once apply one after the other, never to the same version.
    await this.current(tx, store, resourceType, id);
    const current = await this.read(store, resourceType, id, tx);
    if (!current) throw notFound(`${resourceType}/${id} not found`);
    if (current.deleted) throw new ApiError('GONE', `${resourceType}/${id} was deleted`);
    if (options.ifMatch !== undefined && options.ifMatch !== current.versionId) {
      throw new ApiError('PRECONDITION_FAILED', `${resourceType}/${id} is at version ${current.versionId}, not ${options.ifMatch} (If-Match): read it again and retry`);
    }
    const patched = apply(resourceOf(current)!);
    const issues = checkFhirStructure(patched);
    if (issues.length > 0) throw new ApiError('INVALID_ARGUMENT', `the patched ${resourceType} is not valid FHIR R4: ${issues[0].location}: ${issues[0].message}`, issues);
    if (patched.resourceType !== resourceType || patched.id !== id) throw invalidArgument('a patch may not change resourceType or id');
    return (await this.update(tx, store, patched, { ...options, ifMatch: current.versionId })).stored;
  }

  /** `$purge`: drop every version but the current one (a tombstone stays a tombstone); false when there is no such resource. */
  async purge(tx: SqlTx, store: StoreRecord, resourceType: string, id: string): Promise<boolean> {
    const current = await this.current(tx, store, resourceType, id);
    if (!current) return false;
    await this.dropOlderVersions(tx, Number(current.id), Number(current.version_id));
    return true;
  }

  /** Delete `type/id` as a new, deleted version; null when there was nothing to delete. */
  async delete(tx: SqlTx, store: StoreRecord, resourceType: string, id: string): Promise<StoredFhirResource | null> {
    const current = await this.current(tx, store, resourceType, id);
    if (!current || current.deleted) return null;
    const pk = Number(current.id);
    if (store.config.disableReferentialIntegrity !== true) await this.refuseIfReferenced(tx, store, resourceType, id, pk);
    const { versionId, now } = await this.advance(tx, current, resourceType, id, undefined, true);
    await this.clearIndex(tx, pk);
    const row = { resource_pk: pk, store_pk: store.pk, resource_type: resourceType, resource_id: id, version_id: versionId, last_updated_ms: now, method: 'DELETE', deleted: true, content: null };
    await tx.run(this.db('fhir_resource_versions').insert(row));
    const stored = fromFhirVersionRow(row);
    await announceFhirChange(tx, store, stored, false, () => this.versionIn(tx, pk, versionId - 1));
    if (store.config.disableResourceVersioning === true) await this.dropOlderVersions(tx, pk, versionId);
    return stored;
  }

  /** The current version of `type/id` (a tombstone when deleted), read in `tx` when given. */
  async read(store: StoreRecord, resourceType: string, id: string, tx?: SqlTx): Promise<StoredFhirResource | null> {
    const rows = tx
      ? (await tx.run<FhirVersionRow>(currentVersionQuery(this.db, store.pk, resourceType, id))).rows
      : await readCurrentVersion.read(this.region, store.pk, resourceType, id);
    return rows[0] ? fromFhirVersionRow(rows[0]) : null;
  }

  /** One version of `type/id`; null when the resource or that version does not exist. */
  async vread(store: StoreRecord, resourceType: string, id: string, versionId: number): Promise<StoredFhirResource | null> {
    const rows = await readVersion.read(this.region, store.pk, resourceType, id, versionId);
    return rows[0] ? fromFhirVersionRow(rows[0]) : null;
  }

  private async current(tx: SqlTx, store: StoreRecord, resourceType: string, id: string): Promise<CurrentRow | null> {
    const query = this.db('fhir_resources').where({ store_pk: store.pk, resource_type: resourceType, resource_id: id }).select('id', 'version_id', 'deleted');
    const { rows } = await tx.run<CurrentRow>(this.region.dialect.name === 'postgres' ? query.forUpdate() : query);
    return rows[0] ?? null;
  }

  /** Move the current pointer one version on, only if nobody else moved it first. */
  private async advance(tx: SqlTx, current: CurrentRow, resourceType: string, id: string, ifMatch: number | undefined, deleted: boolean) {
    const seen = Number(current.version_id);
    if (ifMatch !== undefined && ifMatch !== seen) {
      throw new ApiError('PRECONDITION_FAILED', `${resourceType}/${id} is at version ${seen}, not ${ifMatch} (If-Match): read it again and retry`);
    }
    const versionId = seen + 1;
    const now = Date.now();
    const { changes } = await tx.run(this.db('fhir_resources').where({ id: current.id, version_id: seen })
      .update({ version_id: versionId, last_updated_ms: now, deleted }));
    if (changes !== 1) throw new ApiError('PRECONDITION_FAILED', `${resourceType}/${id} was changed by another request meanwhile: read it again and retry`);
    return { versionId, now };
  }

  /** Write new versions: their content, their search index and reference rows, their notifications. */
  private async writeVersions(tx: SqlTx, store: StoreRecord, versions: NewVersion[], replacing: boolean): Promise<StoredFhirResource[]> {
    const rows = versions.map(({ pk, resource, id, versionId, now, method }) => {
      const lastUpdated = new Date(now).toISOString();
      const served: FhirResource = { ...resource, id, meta: { ...(resource.meta ?? {}), versionId: String(versionId), lastUpdated } };
      const content = JSON.stringify(withResourceTypeFirst(served));
      return { served, row: { resource_pk: pk, store_pk: store.pk, resource_type: resource.resourceType, resource_id: id, version_id: versionId, last_updated_ms: now, method, deleted: false, content } };
    });
    await insertRows(tx, 'fhir_resource_versions', rows.map((r) => r.row));
    if (replacing) for (const { pk } of versions) await this.clearIndex(tx, pk);
    await this.writeIndexes(tx, store, rows.map((r) => ({ pk: r.row.resource_pk, resource: r.served })));
    const stored = rows.map((r) => fromFhirVersionRow(r.row));
    for (const [i, version] of versions.entries()) {
      if (replacing && store.config.disableResourceVersioning === true) await this.dropOlderVersions(tx, version.pk, version.versionId);
      await announceFhirChange(tx, store, stored[i], version.created, async () => null);
    }
    return stored;
  }

  private async versionIn(tx: SqlTx, pk: number, versionId: number): Promise<StoredFhirResource | null> {
    const { rows } = await tx.run<FhirVersionRow>(this.db('fhir_resource_versions as v').where({ 'v.resource_pk': pk, 'v.version_id': versionId }).select(VERSION_COLUMNS));
    return rows[0] ? fromFhirVersionRow(rows[0]) : null;
  }

  private async writeIndexes(tx: SqlTx, store: StoreRecord, written: Array<{ pk: number; resource: FhirResource }>): Promise<void> {
    const byTable = new Map<string, Array<Record<string, unknown>>>();
    const add = (table: string, rows: Array<Record<string, unknown>>) => byTable.set(table, (byTable.get(table) ?? []).concat(rows));
    for (const { pk, resource } of written) {
      const rows = extractSearchIndex(resource, this.parameters.of(resource.resourceType).values());
      const base = { resource_pk: pk, store_pk: store.pk, resource_type: resource.resourceType };
      for (const table of SEARCH_INDEX_TABLES) add(indexTableOf(table), rows[table].map((r) => ({ ...base, ...r })));
      add('fhir_references', localTargetsOf(resource).map((t) => ({ resource_pk: pk, store_pk: store.pk, target_type: t.type, target_id: t.id })));
    }
    for (const [table, rows] of byTable) await insertRows(tx, table, rows);
  }

  private async clearIndex(tx: SqlTx, pk: number): Promise<void> {
    for (const table of [...SEARCH_INDEX_TABLES.map(indexTableOf), 'fhir_references']) {
      await tx.run(this.db(table).where({ resource_pk: pk }).delete());
    }
  }

  private async dropOlderVersions(tx: SqlTx, pk: number, versionId: number): Promise<void> {
    await tx.run(this.db('fhir_resource_versions').where({ resource_pk: pk }).where('version_id', '<', versionId).delete());
  }

  /** Referential integrity: every local reference of `resources` must name a resource the store holds. */
  async checkReferences(tx: SqlTx, store: StoreRecord, resources: FhirResource[]): Promise<void> {
    if (store.config.disableReferentialIntegrity === true) return;
    const wanted = new Map<string, { type: string; id: string; from: string }>();
    for (const resource of resources) {
      for (const t of localTargetsOf(resource)) {
        if (!(t.type === resource.resourceType && t.id === resource.id)) wanted.set(`${t.type}/${t.id}`, { ...t, from: resource.resourceType });
      }
    }
    const targets = [...wanted.values()];
    const present = await this.existing(tx, store, targets, true);
    const missing = targets.filter((t) => !present.has(`${t.type}/${t.id}`));
    if (missing.length > 0) {
      const named = missing.slice(0, 5).map((t) => `${t.type}/${t.id}`).join(', ');
      throw invalidArgument(`referential integrity: the store holds no ${named}${missing.length > 5 ? ` (and ${missing.length - 5} more)` : ''}, which ${missing.length === 1 ? `a ${missing[0].from}` : 'the resources written'} reference${missing.length === 1 ? 's' : ''}`);
    }
  }

  private async refuseIfReferenced(tx: SqlTx, store: StoreRecord, resourceType: string, id: string, pk: number): Promise<void> {
    const { rows } = await tx.run<{ resource_type: string; resource_id: string }>(this.db('fhir_references as f')
      .join('fhir_resources as r', 'r.id', 'f.resource_pk')
      .where({ 'f.store_pk': store.pk, 'f.target_type': resourceType, 'f.target_id': id })
      .whereNot('f.resource_pk', pk)
      .select('r.resource_type', 'r.resource_id').limit(3));
    if (rows.length > 0) {
      throw new ApiError('FAILED_PRECONDITION', `referential integrity: ${resourceType}/${id} is referenced by ${rows.map((r) => `${r.resource_type}/${r.resource_id}`).join(', ')}; delete or change those first`);
    }
  }
}

/** `resourceType` leads the JSON, as every FHIR server writes it. */
function withResourceTypeFirst(resource: FhirResource): FhirResource {
  const { resourceType, ...rest } = resource;
  return { resourceType, ...rest };
}
