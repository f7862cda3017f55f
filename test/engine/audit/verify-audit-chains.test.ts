import test from 'ava';
import { hashAuditEntryRow } from '../../../engine/audit/audit-entry-row.ts';
import { KnexAuditLog } from '../../../engine/audit/knex-audit-log.ts';
import { verifyAuditChains } from '../../../engine/audit/verify-audit-chains.ts';
import type { Region } from '../../../engine/regions/region.ts';
import { auditConfig, closeAuditRegions, newAuditLog, openAuditRegion, sampleEntry, silentLogger } from './audit-test-kit.ts';
import { runTransaction } from '../../../engine/regions/run-transaction.ts';

test.after.always(closeAuditRegions);

/** Three batches of three entries each, plus one write transaction's entry. */
async function writeLog(region: Region, log: KnexAuditLog): Promise<void> {
  for (let batch = 0; batch < 3; batch++) {
    for (let i = 0; i < 3; i++) log.record(region, sampleEntry({ resource: `projects/p1/locations/local/datasets/d${batch}` }));
    await log.flush();
  }
  await runTransaction(region, (tx) => log.recordIn(tx, sampleEntry({ logType: 'ADMIN_WRITE' })));
  await log.flush();
}

test('an intact log verifies, with counts', async (t) => {
  const region = await openAuditRegion();
  const log = newAuditLog([region]);
  await writeLog(region, log);
  log.record(region, sampleEntry());
  await log.close();
  const report = await verifyAuditChains(region);
  t.true(report.ok);
  t.is(report.region, region.name);
  t.is(report.unlinked, 0);
  t.deepEqual(report.chains, [{ chainId: log.chainId, links: 5, entries: 11, broken: null }]);
});

test('unlinked entries are counted, not failed', async (t) => {
  const region = await openAuditRegion();
  const log = newAuditLog([region], { flushIntervalMs: 3_600_000 });
  await runTransaction(region, (tx) => log.recordIn(tx, sampleEntry()));
  const report = await verifyAuditChains(region);
  t.true(report.ok);
  t.is(report.unlinked, 1);
  t.deepEqual(report.chains, []);
});

test('a tampered entry is named: id, time and resource', async (t) => {
  const region = await openAuditRegion();
  const log = newAuditLog([region]);
  await writeLog(region, log);
  const victim = await region.db('audit_entries').where({ link_seq: 2 }).orderBy('id').offset(1).first();
  await region.db('audit_entries').update({ principal: 'user:mallory@example.org' }).where({ id: victim.id });
  const report = await verifyAuditChains(region);
  t.false(report.ok);
  const [chain] = report.chains;
  t.is(chain.links, 1);
  t.is(chain.broken?.linkSeq, 2);
  t.regex(chain.broken!.reason, new RegExp(`entry ${victim.id} was altered`));
  t.deepEqual(chain.broken?.entry, {
    id: String(victim.id),
    time: new Date(Number(victim.time_ms)).toISOString(),
    resource: 'projects/p1/locations/local/datasets/d1',
  });
});

test('an entry re-hashed after tampering breaks its link', async (t) => {
  const region = await openAuditRegion();
  const log = newAuditLog([region]);
  await writeLog(region, log);
  const victim = await region.db('audit_entries').where({ link_seq: 1 }).orderBy('id').first();
  const forged = { ...victim, status: 500 };
  await region.db('audit_entries').update({ status: 500, entry_hash: hashAuditEntryRow(forged) }).where({ id: victim.id });
  const [chain] = (await verifyAuditChains(region)).chains;
  t.is(chain.broken?.linkSeq, 1);
  t.regex(chain.broken!.reason, /link 1 does not match its hash/);
  t.is(chain.broken?.entry?.id, String(victim.id));
});

test('a deleted entry breaks its link, which is named with its first entry', async (t) => {
  const region = await openAuditRegion();
  const log = newAuditLog([region]);
  await writeLog(region, log);
  const rows = await region.db('audit_entries').where({ link_seq: 3 }).orderBy('id');
  await region.db('audit_entries').where({ id: rows[2].id }).delete();
  const [chain] = (await verifyAuditChains(region)).chains;
  t.is(chain.links, 2);
  t.is(chain.broken?.linkSeq, 3);
  t.regex(chain.broken!.reason, /link 3 covers 3 entries .* but 2 are there/);
  t.is(chain.broken?.entry?.id, String(rows[0].id));
  t.is(chain.broken?.entry?.resource, 'projects/p1/locations/local/datasets/d2');
});

test('a deleted link, and a deleted last link, are found', async (t) => {
  const region = await openAuditRegion();
  const log = newAuditLog([region]);
  await writeLog(region, log);
  await region.db('audit_links').where({ chain_id: log.chainId, seq: 4 }).delete();
  let [chain] = (await verifyAuditChains(region)).chains;
  t.regex(chain.broken!.reason, /link 4 is missing: the chain's head is link 4/);
  await region.db('audit_entries').where({ link_seq: 4 }).delete();
  await region.db('audit_links').where({ chain_id: log.chainId, seq: 2 }).delete();
  [chain] = (await verifyAuditChains(region)).chains;
  t.is(chain.broken?.linkSeq, 2);
  t.regex(chain.broken!.reason, /link 2 is missing \(the chain goes on at link 3\)/);
});

test('a deleted first entry is named by the id its link recorded', async (t) => {
  const region = await openAuditRegion();
  const log = newAuditLog([region]);
  await writeLog(region, log);
  const [first] = await region.db('audit_entries').where({ link_seq: 2 }).orderBy('id');
  await region.db('audit_entries').where({ id: first.id }).delete();
  const [chain] = (await verifyAuditChains(region)).chains;
  t.is(chain.broken?.linkSeq, 2);
  t.deepEqual(chain.broken?.entry, { id: String(first.id), time: null, resource: null });
});

test('entries moved out of their link are found', async (t) => {
  const region = await openAuditRegion();
  const log = newAuditLog([region]);
  await writeLog(region, log);
  const moved = await region.db('audit_entries').where({ link_seq: 4 }).first();
  await region.db('audit_entries').update({ link_seq: 9 }).where({ id: moved.id });
  const [chain] = (await verifyAuditChains(region)).chains;
  t.is(chain.broken?.linkSeq, 4);
  t.regex(chain.broken!.reason, /link 4 covers 1 entries .* but 0 are there/);
});

test('two chains anchor each other, and a chain cut short is caught by the other', async (t) => {
  const region = await openAuditRegion();
  // No sweeps: each link below is the one its flush wrote, whatever time the test takes.
  const a = new KnexAuditLog({ regions: [region], config: auditConfig(), logger: silentLogger, sweepIntervalMs: 3_600_000 });
  const b = new KnexAuditLog({ regions: [region], config: auditConfig(), logger: silentLogger, sweepIntervalMs: 3_600_000 });
  for (const log of [a, b, a, b]) {
    log.record(region, sampleEntry());
    await log.flush();
  }
  const anchorsOf = async (log: KnexAuditLog) =>
    (await region.db('audit_links').where({ chain_id: log.chainId }).orderBy('seq')).map((l) => JSON.parse(l.anchors as string));
  t.deepEqual((await anchorsOf(b)).map((anchors) => anchors.map((x: { chain: string; seq: number }) => [x.chain, x.seq])), [[[a.chainId, 1]], [[a.chainId, 2]]]);
  t.deepEqual((await anchorsOf(a))[1].map((x: { chain: string }) => x.chain), [b.chainId]);
  const intact = await verifyAuditChains(region);
  t.true(intact.ok);
  t.is(intact.chains.length, 2);

  // Cut chain a back to its first link, covering the tracks in its head record.
  const first = await region.db('audit_links').where({ chain_id: a.chainId, seq: 1 }).first();
  await region.db('audit_entries').where({ chain_id: a.chainId, link_seq: 2 }).delete();
  await region.db('audit_links').where({ chain_id: a.chainId, seq: 2 }).delete();
  await region.db('audit_chains').update({ head_seq: 1, head_hash: first.hash }).where({ chain_id: a.chainId });
  const cut = await verifyAuditChains(region);
  t.false(cut.ok);
  const verdictA = cut.chains.find((c) => c.chainId === a.chainId)!;
  t.is(verdictA.broken?.linkSeq, 2);
  t.is(verdictA.broken?.reason, `link 2 is missing, though chain ${b.chainId} recorded at its link 2: the chain was cut short or rewritten`);
  t.is(cut.chains.find((c) => c.chainId === b.chainId)!.broken, null);
  await Promise.all([a.close(), b.close()]);
});
