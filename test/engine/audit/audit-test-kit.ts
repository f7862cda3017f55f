import pino from 'pino';
import type { AuditConfig } from '../../../config/server-config.ts';
import type { AuditEntry } from '../../../engine/audit/audit-entry.ts';
import { auditMigrations } from '../../../engine/audit/audit-migrations.ts';
import { KnexAuditLog } from '../../../engine/audit/knex-audit-log.ts';
import { closeRegion } from '../../../engine/regions/open-region.ts';
import type { Region } from '../../../engine/regions/region.ts';
import { openTestRegion, uniqueId } from '../../helpers/test-region.ts';

export const silentLogger = pino({ level: 'silent' });

export function auditConfig(overrides: Partial<AuditConfig> = {}): AuditConfig {
  return { dataAccess: true, services: {}, flushIntervalMs: 5, batchSize: 100, anchorIntervalMs: 0, maxQueuedEntries: 100_000, ...overrides };
}

const opened: Region[] = [];

/** A fresh region with the audit tables; closed by `closeAuditRegions` after the file's tests. */
export async function openAuditRegion(name?: string): Promise<Region> {
  const region = await openTestRegion(auditMigrations, name);
  opened.push(region);
  return region;
}

export async function closeAuditRegions(): Promise<void> {
  await Promise.allSettled(opened.splice(0).map((region) => closeRegion(region)));
}

export function newAuditLog(regions: Region[], overrides: Partial<AuditConfig> = {}): KnexAuditLog {
  return new KnexAuditLog({ regions, config: auditConfig(overrides), logger: silentLogger });
}

let clock = Date.parse('2026-03-01T00:00:00.000Z');

/** An entry with a distinct, increasing time. */
export function sampleEntry(overrides: Partial<AuditEntry> = {}): AuditEntry {
  clock += 1000;
  return {
    time: new Date(clock).toISOString(),
    principal: 'user:alice@example.org',
    permission: 'healthcare.fhirResources.get',
    resource: 'projects/p1/locations/local/datasets/d1/fhirStores/s1',
    method: 'GET projects/{project}/locations/{location}/datasets/{dataset}/fhirStores/{fhirStore}',
    status: 200,
    requestId: uniqueId('req'),
    peer: '127.0.0.1',
    logType: 'DATA_READ',
    service: 'fhir',
    ...overrides,
  };
}
