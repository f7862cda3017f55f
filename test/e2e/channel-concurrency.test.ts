import test from 'ava';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { groupCommitTotals } from '../../engine/regions/group-commit.ts';
import { startTestEngine, type TestEngine } from '../helpers/test-engine.ts';

const STORE = 'projects/conc/locations/local/datasets/d/hl7V2Stores/s';
const dir = mkdtempSync(join(tmpdir(), 'plexus-concurrency-'));
let engine: TestEngine;

test.before(async () => {
  const channel = (name: string, concurrency: number) => {
    const file = join(dir, `${name}.yaml`);
    writeFileSync(file, stringify({ name, region: 'local', concurrency, source: { http: {} }, stages: [{ parse: 'hl7v2' }], destinations: [{ store: STORE }] }));
    return file;
  };
  engine = await startTestEngine({
    bootstrap: { datasets: [{ project: 'conc', location: 'local', id: 'd', stores: [{ type: 'hl7v2', id: 's', config: {} }] }] },
    channels: [channel('ordered', 1), channel('parallel', 8)],
  });
});
test.after.always(async () => {
  await engine?.stop();
});

/** 16 sends at once from one principal (one ordering group); the commits they took. */
async function burst(channel: string): Promise<number> {
  const before = groupCommitTotals.transactions;
  const responses = await Promise.all(Array.from({ length: 16 }, () => engine.api(`/v1/projects/conc/locations/local/channels/${channel}:send`, {
    method: 'POST',
    body: `MSH|^~\\&|A|B|C|D|20260101||ADT^A01|${randomBytes(6).toString('hex')}|P|2.5\rPID|1`,
    headers: { 'content-type': 'application/hl7-v2' },
  })));
  assertAllOk(responses.map((r) => r.status));
  return groupCommitTotals.transactions - before;
}

function assertAllOk(statuses: number[]): void {
  if (statuses.some((s) => s !== 200)) throw new Error(`not every send succeeded: ${statuses.join(',')}`);
}

test.serial('concurrency 1 takes one connection\'s messages one at a time; more lets them share commits', async (t) => {
  t.is(await burst('ordered'), 16, 'in order: each message its own commit');
  t.true((await burst('parallel')) < 16, 'side by side: messages share group commits');
});
