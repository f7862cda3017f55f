import test from 'ava';
import { verifyAuditChains } from '../../../engine/audit/verify-audit-chains.ts';
import { KnexAuditLog } from '../../../engine/audit/knex-audit-log.ts';
import { captureLogger } from '../../connectors/mllp/capture-logger.ts';
import { auditConfig, closeAuditRegions, newAuditLog, openAuditRegion, sampleEntry } from './audit-test-kit.ts';
import { runTransaction } from '../../../engine/regions/run-transaction.ts';

test.after.always(closeAuditRegions);

test('many record() calls are written in few batches, one link each', async (t) => {
  const region = await openAuditRegion();
  const log = newAuditLog([region], { batchSize: 100, flushIntervalMs: 50 });
  for (let i = 0; i < 250; i++) log.record(region, sampleEntry());
  await log.flush();
  const [{ entries }] = await region.db('audit_entries').count({ entries: '*' });
  const links = await region.db('audit_links').where({ chain_id: log.chainId });
  t.is(Number(entries), 250);
  t.true(links.length >= 1 && links.length <= 3);
  t.is(links.reduce((sum, l) => sum + Number(l.entry_count), 0), 250);
  await log.close();
  t.true((await verifyAuditChains(region)).ok);
});

test('the timer writes a batch without flush()', async (t) => {
  const region = await openAuditRegion();
  const log = newAuditLog([region], { flushIntervalMs: 1 });
  log.record(region, sampleEntry());
  const written = async () => Number((await region.db('audit_entries').count({ n: '*' }))[0].n);
  for (let i = 0; i < 500 && (await written()) === 0; i++) await new Promise((resolve) => setTimeout(resolve, 10));
  const rows = await region.db('audit_entries');
  t.is(rows.length, 1);
  t.is(rows[0].chain_id, log.chainId);
  await log.close();
});

test('recordIn in a committed transaction is linked by the next batch', async (t) => {
  const region = await openAuditRegion();
  const log = newAuditLog([region], { flushIntervalMs: 60_000 });
  const entry = sampleEntry({ logType: 'ADMIN_WRITE', method: 'POST datasets' });
  await runTransaction(region, (tx) => log.recordIn(tx, entry));
  const before = await region.db('audit_entries').where({ request_id: entry.requestId }).first();
  t.is(before.link_seq, null);
  await log.flush();
  const after = await region.db('audit_entries').where({ request_id: entry.requestId }).first();
  t.is(after.chain_id, log.chainId);
  t.is(Number(after.link_seq), 1);
  const report = await verifyAuditChains(region);
  t.true(report.ok);
  t.is(report.unlinked, 0);
  await log.close();
});

test('recordIn in a rolled-back transaction leaves nothing', async (t) => {
  const region = await openAuditRegion();
  const log = newAuditLog([region]);
  const entry = sampleEntry();
  await t.throwsAsync(
    runTransaction(region, async (tx) => {
      await log.recordIn(tx, entry);
      throw new Error('the write failed');
    }),
    { message: 'the write failed' },
  );
  await log.close();
  t.is((await region.db('audit_entries')).length, 0);
  t.is((await region.db('audit_links')).length, 0);
});

test('rows a dead process left unlinked are linked by another process', async (t) => {
  const region = await openAuditRegion();
  const dead = newAuditLog([region], { flushIntervalMs: 3_600_000, anchorIntervalMs: 3_600_000 });
  const orphans = [sampleEntry(), sampleEntry()];
  await runTransaction(region, async (tx) => {
    for (const entry of orphans) await dead.recordIn(tx, entry);
  });
  const live = newAuditLog([region]);
  live.record(region, sampleEntry());
  await live.flush();
  const rows = await region.db('audit_entries').orderBy('id');
  t.is(rows.length, 3);
  t.deepEqual(rows.map((r) => r.chain_id), [live.chainId, live.chainId, live.chainId]);
  const report = await verifyAuditChains(region);
  t.true(report.ok);
  t.deepEqual(report.chains.map((c) => [c.chainId, c.entries]), [[live.chainId, 3]]);
  await live.close();
});

test('linkers racing over the same unlinked rows link each exactly once', async (t) => {
  const region = await openAuditRegion();
  const logs = [newAuditLog([region], { flushIntervalMs: 3_600_000 }), newAuditLog([region], { flushIntervalMs: 3_600_000 })];
  await Promise.all(Array.from({ length: 20 }, (_, i) =>
    runTransaction(region, async (tx) => {
      await logs[i % 2].recordIn(tx, sampleEntry());
      await logs[i % 2].recordIn(tx, sampleEntry());
    })));
  for (let round = 0; round < 3; round++) {
    await Promise.all(logs.map((log) => {
      log.record(region, sampleEntry());
      return log.flush();
    }));
  }
  await Promise.all(logs.map((log) => log.close()));
  const report = await verifyAuditChains(region);
  t.true(report.ok);
  t.is(report.unlinked, 0);
  t.is(report.chains.reduce((sum, c) => sum + c.entries, 0), 46);
});

test('close() writes what is queued and links everything unlinked', async (t) => {
  const region = await openAuditRegion();
  const other = newAuditLog([region], { flushIntervalMs: 3_600_000 });
  await runTransaction(region, (tx) => other.recordIn(tx, sampleEntry()));
  const log = newAuditLog([region], { flushIntervalMs: 3_600_000 });
  log.record(region, sampleEntry());
  await log.close();
  t.is((await region.db('audit_entries').whereNull('link_seq')).length, 0);
  t.is((await region.db('audit_entries')).length, 2);
});

test('a failed batch is retried and nothing is dropped', async (t) => {
  const region = await openAuditRegion();
  const log = newAuditLog([region], { flushIntervalMs: 3_600_000 });
  await region.db.schema.renameTable('audit_links', 'audit_links_away');
  log.record(region, sampleEntry());
  log.record(region, sampleEntry());
  await t.throwsAsync(log.flush(), { message: /audit batch for region .* failed.*2 entries are kept/ });
  t.is((await region.db('audit_entries')).length, 0);
  await region.db.schema.renameTable('audit_links_away', 'audit_links');
  await log.flush();
  t.is((await region.db('audit_entries')).length, 2);
  t.true((await verifyAuditChains(region)).ok);
  await log.close();
});

test('a full queue drops what comes over the cap, says so, and reports backlog until it drains', async (t) => {
  const region = await openAuditRegion();
  const { logger, find } = captureLogger();
  const log = new KnexAuditLog({ regions: [region], config: auditConfig({ flushIntervalMs: 3_600_000, maxQueuedEntries: 3 }), logger });
  await region.db.schema.renameTable('audit_links', 'audit_links_away');
  for (let i = 0; i < 5; i++) log.record(region, sampleEntry());
  t.true(log.isBacklogged(region));
  t.is(find('audit queue full').length, 1, 'said once, not per dropped entry');
  await t.throwsAsync(log.flush(), { message: /3 entries are kept/ });
  await region.db.schema.renameTable('audit_links_away', 'audit_links');
  await log.flush();
  t.false(log.isBacklogged(region));
  t.is((await region.db('audit_entries')).length, 3);
  t.is(find('entries were dropped while it was full')[0]?.dropped, 2);
  t.true((await verifyAuditChains(region)).ok);
  await log.close();
});

test('values a database cannot store as given are made storable before they are hashed', async (t) => {
  const region = await openAuditRegion();
  const log = newAuditLog([region]);
  const entry = sampleEntry({ principal: 'user:nul\0byte', peer: 'half \uD83D surrogate', resource: `projects/p/${'x'.repeat(2000)}` });
  log.record(region, entry);
  await log.flush();
  const row = await region.db('audit_entries').where({ request_id: entry.requestId }).first();
  t.is(row.principal, 'user:nul\uFFFDbyte');
  t.is(row.peer, 'half \uFFFD surrogate');
  t.is(row.resource.length, 1024);
  t.true((await verifyAuditChains(region)).ok);
  await log.close();
});

test('isEnabled: admin activity always, data access per config with per-service overrides', (t) => {
  const log = newAuditLog([], { dataAccess: false, services: { fhir: true, dicom: false } });
  t.true(log.isEnabled('datasets', 'ADMIN_WRITE'));
  t.true(log.isEnabled('dicom', 'ADMIN_WRITE'));
  t.false(log.isEnabled('datasets', 'ADMIN_READ'));
  t.true(log.isEnabled('fhir', 'DATA_READ'));
  t.false(log.isEnabled('dicom', 'DATA_WRITE'));
  const on = newAuditLog([], { dataAccess: true, services: { dicom: false } });
  t.true(on.isEnabled('hl7v2', 'DATA_WRITE'));
  t.false(on.isEnabled('dicom', 'DATA_READ'));
  t.true(on.isEnabled('dicom', 'ADMIN_WRITE'));
});
