import { randomUUID } from 'node:crypto';
import { ApiError, invalidArgument, notFound } from '../../engine/errors/api-error.ts';
import type { SqlTx } from '../../engine/regions/sql-tx.ts';
import type { StoreRecord } from '../../stores/datasets/store-repository.ts';
import { collectReferences } from '../../stores/fhir/collect-references.ts';
import { ConditionalInteractions } from '../../stores/fhir/conditional-interactions.ts';
import { findConditionalMatches, parseCriteria } from '../../stores/fhir/find-conditional-matches.ts';
import { type FhirResource, resourceOf, type StoredFhirResource } from '../../stores/fhir/fhir-resource.ts';
import { FhirResourceStore } from '../../stores/fhir/fhir-resource-store.ts';
import { r4SearchParameters } from '../../stores/fhir/search/fhir-search-parameters.ts';
import { parseFhirSearch } from '../../stores/fhir/search/parse-fhir-search.ts';
import { searchFhirResources } from '../../stores/fhir/search/search-fhir-resources.ts';
import type { ApiRequest } from './api-route.ts';
import { type BundleEntryRequest, parseBundleEntry, TRANSACTION_ORDER } from './fhir-bundle-entry.ts';
import { searchsetBundle } from './fhir-bundles.ts';
import { patchOf, patchOfValue } from './fhir-patch-body.ts';
import { fhirBase } from './fhir-request.ts';
import { type OperationOutcome, toOperationOutcomeError } from './operation-outcome.ts';

/** What an entry answered, for the response Bundle. */
interface EntryOutcome {
  status: string;
  stored?: StoredFhirResource;
  resource?: FhirResource;
  outcome?: OperationOutcome;
}

const STATUS_TEXT: Record<number, string> = { 200: '200 OK', 201: '201 Created', 204: '204 No Content' };

/**
 * Runs the entries of a `batch` or `transaction` Bundle in `tx`. A transaction's entries
 * see each other: `urn:uuid:` full URLs and conditional references (`Patient?identifier=`)
 * are rewritten to the ids the entries get, references are checked once everything is
 * written, and any failure throws (the caller's transaction rolls back). A batch runs each
 * entry in a savepoint of its own and reports failures in the response.
 */
export class FhirBundleExecutor {
  private readonly resources: FhirResourceStore;
  private readonly conditional: ConditionalInteractions;
  private readonly base: string;

  constructor(private readonly request: ApiRequest, private readonly store: StoreRecord) {
    this.resources = new FhirResourceStore(request.region!, r4SearchParameters());
    this.conditional = new ConditionalInteractions(this.resources);
    this.base = fhirBase(request, store);
  }

  parseEntries(bundle: FhirResource): BundleEntryRequest[] {
    const entries = Array.isArray(bundle.entry) ? bundle.entry : [];
    return entries.map((entry, i) => parseBundleEntry(entry, i, this.base));
  }

  /** True when the entries need the conditional lock (they search before they write). */
  static isConditional(entries: BundleEntryRequest[]): boolean {
    return entries.some((e) => e.ifNoneExist !== null || (e.criteria !== null && e.method !== 'GET' && e.method !== 'HEAD') ||
      (e.resource !== null && collectReferences(e.resource).some(({ holder }) => /^[A-Z][A-Za-z]+\?/.test(String(holder.reference)))));
  }

  async transaction(tx: SqlTx, entries: BundleEntryRequest[]): Promise<FhirResource> {
    const outcomes: EntryOutcome[] = new Array(entries.length);
    const ordered = [...entries].sort((a, b) => TRANSACTION_ORDER[a.method] - TRANSACTION_ORDER[b.method] || a.index - b.index);
    const ids = new Map<string, string>();
    const targetIds = new Map<number, string>();
    const run = async (entry: BundleEntryRequest, step: () => Promise<void>) => {
      try {
        await step();
      } catch (error) {
        throw withEntry(error, entry);
      }
    };
    for (const entry of ordered.filter((e) => e.method === 'DELETE')) await run(entry, async () => { outcomes[entry.index] = await this.delete(tx, entry); });
    // Ids first, so every entry's references can be rewritten before anything is written.
    for (const entry of ordered.filter((e) => e.method === 'POST' || e.method === 'PUT')) {
      await run(entry, async () => {
        const id = await this.plannedId(tx, entry, outcomes);
        targetIds.set(entry.index, id);
        if (entry.fullUrl) ids.set(entry.fullUrl, `${entry.type}/${id}`);
      });
    }
    const written: FhirResource[] = [];
    const rewritten = new Map<number, FhirResource>();
    for (const entry of ordered.filter((e) => (e.method === 'POST' || e.method === 'PUT') && outcomes[e.index] === undefined)) {
      await run(entry, async () => { rewritten.set(entry.index, await this.rewriteReferences(tx, entry.resource!, ids)); });
    }
    // POST entries, and PUT entries that create (with enableUpdateCreate), in one go: a few
    // multi-row statements rather than several per resource.
    const puts = ordered.filter((e) => e.method === 'PUT' && rewritten.has(e.index));
    const present = await this.resources.existing(tx, this.store, puts.map((e) => ({ type: e.type, id: targetIds.get(e.index)! })));
    const creating = this.store.config.enableUpdateCreate === true ? puts.filter((e) => e.ifMatch === undefined && !present.has(`${e.type}/${targetIds.get(e.index)}`)) : [];
    const posts = ordered.filter((e) => e.method === 'POST' && rewritten.has(e.index));
    for (const [method, group] of [['POST', posts], ['PUT', creating]] as const) {
      const created = await this.resources.createMany(tx, this.store, group.map((e) => ({ resource: { ...rewritten.get(e.index)!, id: undefined }, id: targetIds.get(e.index)! })), { method, deferReferenceCheck: true });
      for (const [i, entry] of group.entries()) outcomes[entry.index] = { status: STATUS_TEXT[201], stored: created[i] };
    }
    for (const entry of puts.filter((e) => outcomes[e.index] === undefined)) {
      await run(entry, async () => {
        const id = targetIds.get(entry.index)!;
        const { stored, created: isNew } = await this.resources.update(tx, this.store, { ...rewritten.get(entry.index)!, id }, { method: 'PUT', ifMatch: entry.ifMatch, deferReferenceCheck: true });
        outcomes[entry.index] = { status: STATUS_TEXT[isNew ? 201 : 200], stored };
      });
    }
    for (const entry of [...posts, ...puts]) written.push(resourceOf(outcomes[entry.index].stored!)!);
    for (const entry of ordered.filter((e) => e.method === 'PATCH')) {
      await run(entry, async () => {
        outcomes[entry.index] = await this.patch(tx, entry, true);
        written.push(resourceOf(outcomes[entry.index].stored!)!);
      });
    }
    await this.resources.checkReferences(tx, this.store, written);
    for (const entry of ordered.filter((e) => e.method === 'GET' || e.method === 'HEAD')) await run(entry, async () => { outcomes[entry.index] = await this.read(entry, tx); });
    return this.responseBundle('transaction-response', outcomes);
  }

  async batch(tx: SqlTx, entries: BundleEntryRequest[]): Promise<FhirResource> {
    const outcomes: EntryOutcome[] = [];
    for (const entry of entries) {
      const savepoint = `batch_entry_${entry.index}`;
      await tx.run(this.request.region!.db.raw(`SAVEPOINT ${savepoint}`));
      try {
        outcomes.push(await this.batchEntry(tx, entry));
        await tx.run(this.request.region!.db.raw(`RELEASE SAVEPOINT ${savepoint}`));
      } catch (error) {
        await tx.run(this.request.region!.db.raw(`ROLLBACK TO SAVEPOINT ${savepoint}`));
        await tx.run(this.request.region!.db.raw(`RELEASE SAVEPOINT ${savepoint}`));
        const { httpStatus, body } = toOperationOutcomeError(error);
        outcomes.push({ status: String(httpStatus), outcome: body });
      }
    }
    return this.responseBundle('batch-response', outcomes);
  }

  private async batchEntry(tx: SqlTx, entry: BundleEntryRequest): Promise<EntryOutcome> {
    switch (entry.method) {
      case 'DELETE':
        return this.delete(tx, entry);
      case 'GET':
      case 'HEAD':
        return this.read(entry, tx);
      case 'PATCH':
        return this.patch(tx, entry, false);
      case 'POST': {
        const resource = { ...entry.resource!, id: undefined };
        const outcome = entry.ifNoneExist
          ? await this.conditional.create(tx, this.store, resource, entry.ifNoneExist)
          : { stored: await this.resources.create(tx, this.store, resource), created: true };
        return { status: STATUS_TEXT[outcome.created ? 201 : 200], stored: outcome.stored };
      }
      case 'PUT': {
        const options = { method: 'PUT', ifMatch: entry.ifMatch };
        const outcome = entry.criteria
          ? await this.conditional.update(tx, this.store, entry.resource!, entry.criteria, options)
          : await this.resources.update(tx, this.store, { ...entry.resource!, id: requireId(entry) }, options);
        return { status: STATUS_TEXT[outcome.created ? 201 : 200], stored: outcome.stored };
      }
    }
  }

  /** A PATCH entry's resource is a Binary holding a JSON Patch, or a Parameters resource holding a FHIRPath Patch. */
  private async patch(tx: SqlTx, entry: BundleEntryRequest, deferReferenceCheck: boolean): Promise<EntryOutcome> {
    const body = entry.resource!;
    const apply = body.resourceType === 'Binary'
      ? patchOf(String(body.contentType ?? ''), Buffer.from(String(body.data ?? ''), 'base64'))
      : patchOfValue('application/fhir+json', body);
    const options = { method: 'PATCH', ifMatch: entry.ifMatch, deferReferenceCheck };
    const stored = entry.criteria
      ? await this.conditional.patch(tx, this.store, entry.type, entry.criteria, apply, options)
      : await this.resources.patch(tx, this.store, entry.type, requireId(entry), apply, options);
    return { status: STATUS_TEXT[200], stored };
  }

  private async delete(tx: SqlTx, entry: BundleEntryRequest): Promise<EntryOutcome> {
    const deleted = entry.criteria
      ? await this.conditional.delete(tx, this.store, entry.type, entry.criteria)
      : await this.resources.delete(tx, this.store, entry.type, requireId(entry));
    return { status: STATUS_TEXT[204], ...(deleted ? { stored: deleted } : {}) };
  }

  /** The id a POST or PUT entry will have; a conditional create that matches is answered here. */
  private async plannedId(tx: SqlTx, entry: BundleEntryRequest, outcomes: EntryOutcome[]): Promise<string> {
    if (entry.method === 'POST') {
      if (!entry.ifNoneExist) return randomUUID();
      const matches = await findConditionalMatches(this.request.region!, this.store, entry.type, entry.ifNoneExist, tx);
      if (matches.length > 1) throw new ApiError('PRECONDITION_FAILED', `ifNoneExist matches more than one ${entry.type}`);
      if (matches.length === 1) {
        outcomes[entry.index] = { status: STATUS_TEXT[200], stored: matches[0] };
        return matches[0].id;
      }
      return randomUUID();
    }
    if (!entry.criteria) return requireId(entry);
    const matches = await findConditionalMatches(this.request.region!, this.store, entry.type, entry.criteria, tx);
    if (matches.length > 1) throw new ApiError('PRECONDITION_FAILED', `the criteria match more than one ${entry.type}`);
    return matches[0]?.id ?? (typeof entry.resource!.id === 'string' ? entry.resource!.id : randomUUID());
  }

  /** A copy of `resource` whose references to other entries and conditional references name real ids. */
  private async rewriteReferences(tx: SqlTx, resource: FhirResource, ids: Map<string, string>): Promise<FhirResource> {
    const copy = structuredClone(resource);
    for (const { holder } of collectReferences(copy)) {
      const reference = holder.reference as string;
      const mapped = ids.get(reference);
      if (mapped) {
        holder.reference = mapped;
        continue;
      }
      const conditional = /^([A-Z][A-Za-z]+)\?(.+)$/.exec(reference);
      if (!conditional) continue;
      const matches = await findConditionalMatches(this.request.region!, this.store, conditional[1], parseCriteria(conditional[2]), tx);
      if (matches.length !== 1) {
        throw new ApiError(matches.length === 0 ? 'INVALID_ARGUMENT' : 'PRECONDITION_FAILED', `the conditional reference ${reference.slice(0, 120)} matches ${matches.length === 0 ? 'no' : 'more than one'} resource`);
      }
      holder.reference = `${conditional[1]}/${matches[0].id}`;
    }
    return copy;
  }

  private async read(entry: BundleEntryRequest, tx: SqlTx): Promise<EntryOutcome> {
    if (entry.id === null) {
      const parameters = r4SearchParameters();
      const search = parseFhirSearch(entry.type, entry.criteria ?? {}, parameters);
      const result = await searchFhirResources(this.request.region!, this.store, search, parameters, tx);
      return { status: STATUS_TEXT[200], resource: JSON.parse(searchsetBundle({ ...this.request, query: entry.criteria ?? {} }, this.store, entry.type, search, result)) as FhirResource };
    }
    const stored = entry.version !== null
      ? await this.resources.vread(this.store, entry.type, entry.id, entry.version)
      : await this.resources.read(this.store, entry.type, entry.id, tx);
    if (!stored) throw notFound(`${entry.type}/${entry.id} not found`);
    if (stored.deleted) throw new ApiError('GONE', `${entry.type}/${entry.id} was deleted`);
    return { status: STATUS_TEXT[200], stored };
  }

  private responseBundle(type: string, outcomes: EntryOutcome[]): FhirResource {
    const minimal = /return=minimal/i.test(String(this.request.headers.prefer ?? ''));
    return {
      resourceType: 'Bundle',
      type,
      entry: outcomes.map((o) => {
        const s = o.stored;
        const resource = o.resource ?? (s && !s.deleted && !minimal ? resourceOf(s)! : undefined);
        return {
          ...(s ? { fullUrl: `${this.base}/${s.resourceType}/${s.id}` } : {}),
          ...(resource ? { resource } : {}),
          response: {
            status: o.status,
            ...(s ? { location: `${this.base}/${s.resourceType}/${s.id}/_history/${s.versionId}`, etag: `W/"${s.versionId}"`, lastModified: s.lastUpdated } : {}),
            ...(o.outcome ? { outcome: o.outcome } : {}),
          },
        };
      }),
    };
  }
}

function requireId(entry: BundleEntryRequest): string {
  if (entry.id === null) throw invalidArgument(`${entry.method} ${entry.url} needs a resource id or search criteria`);
  return entry.id;
}

/** A failed entry's error, its message prefixed with the entry, so the client knows which. */
function withEntry(error: unknown, entry: BundleEntryRequest): unknown {
  if (!(error instanceof ApiError)) return error;
  return new ApiError(error.code, `entry[${entry.index}] (${entry.method} ${entry.url.slice(0, 80)}): ${error.message}`, error.details);
}
