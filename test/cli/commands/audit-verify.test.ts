import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import test from 'ava';
import pino from 'pino';
import { auditVerifyCommand, verifyRegions } from '../../../cli/commands/audit-verify.ts';
import { KnexAuditLog } from '../../../engine/audit/knex-audit-log.ts';
import { allMigrations } from '../../../engine/main.ts';
import { closeRegion, openRegion } from '../../../engine/regions/open-region.ts';
import type { Region } from '../../../engine/regions/region.ts';
import { testRegionConfig, uniqueId } from '../../helpers/test-region.ts';

const regionConfig = testRegionConfig();
const region = await openRegion('local', regionConfig, allMigrations());
test.after.always(() => closeRegion(region));

async function writeEntries(target: Region, count: number): Promise<void> {
  const log = new KnexAuditLog({
    regions: [target],
    config: { dataAccess: true, services: {}, flushIntervalMs: 5, batchSize: 100, anchorIntervalMs: 0, maxQueuedEntries: 100_000 },
    logger: pino({ level: 'silent' }),
  });
  for (let i = 0; i < count; i++) {
    log.record(target, {
      time: new Date().toISOString(),
      principal: 'user:alice@x.org',
      permission: 'healthcare.datasets.get',
      resource: 'projects/p/locations/local/datasets/d',
      method: 'GET datasets',
      status: 200,
      requestId: uniqueId('req'),
      peer: '127.0.0.1',
      logType: 'DATA_READ',
      service: 'datasets',
    });
  }
  await log.close();
}

/** Run the command with console.log captured (the tests of this file run one at a time). */
async function runCommand(args: string[]): Promise<{ code: number; lines: string[] }> {
  const lines: string[] = [];
  const log = console.log;
  console.log = (line: string) => void lines.push(line);
  try {
    return { code: await auditVerifyCommand(args), lines };
  } finally {
    console.log = log;
  }
}

test.serial('an intact log: a line per region and chain, exit 0', async (t) => {
  await writeEntries(region, 3);
  const lines: string[] = [];
  t.is(await verifyRegions([region], (line) => lines.push(line)), 0);
  t.regex(lines[0], /^region local: ok: 1 chains, 3 entries in 1 links verified, 0 entries not linked yet$/);
  t.regex(lines[1], /^ {2}chain \S+: ok \(3 entries in 1 links verified\)$/);
  t.is(lines[2], 'audit log intact');
});

test.serial('the command reads the config, opens each region and verifies it', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'plexus-audit-verify-'));
  const file = join(dir, 'plexus.yaml');
  writeFileSync(file, `regions:\n  local:\n    database: ${JSON.stringify(regionConfig.database)}\n    blobs: ${JSON.stringify(regionConfig.blobs)}\n`);
  const intact = await runCommand(['--config', file]);
  t.is(intact.code, 0);
  t.is(intact.lines[intact.lines.length - 1], 'audit log intact');

  const victim = await region.db('audit_entries').orderBy('id').first();
  await region.db('audit_entries').update({ resource: 'projects/p/locations/local/datasets/hidden' }).where({ id: victim.id });
  const broken = await runCommand(['--config', file]);
  t.is(broken.code, 1);
  t.regex(broken.lines[0], /^region local: BROKEN/);
  t.regex(broken.lines[broken.lines.length - 1], new RegExp(`^audit log BROKEN: region local, chain \\S+: BROKEN: entry ${victim.id} was altered .*; entry ${victim.id} at \\S+ on projects/p/locations/local/datasets/hidden`));
});

test.serial('a config that does not load exits 2', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'plexus-audit-verify-'));
  const file = join(dir, 'plexus.yaml');
  writeFileSync(file, 'regions: {}\n');
  const error = console.error;
  console.error = () => undefined;
  try {
    t.is(await auditVerifyCommand(['--config', file]), 2);
  } finally {
    console.error = error;
  }
});
