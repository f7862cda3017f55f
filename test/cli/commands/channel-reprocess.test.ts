import test from 'ava';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { channelReprocessCommand } from '../../../cli/commands/channel-reprocess.ts';
import { startTestEngine, type TestEngine } from '../../helpers/test-engine.ts';

const CHANNEL = 'projects/cli/locations/local/channels/feed';
let engine: TestEngine;
test.before(async () => {
  const file = join(mkdtempSync(join(tmpdir(), 'plexus-cli-reprocess-')), 'feed.yaml');
  writeFileSync(file, stringify({
    name: 'feed', region: 'local', source: { http: {} }, stages: [{ parse: 'hl7v2' }], destinations: [{ store: 'projects/cli/locations/local/datasets/d/hl7V2Stores/s' }],
  }));
  engine = await startTestEngine({
    bootstrap: { datasets: [{ project: 'cli', location: 'local', id: 'd', stores: [{ type: 'hl7v2', id: 's', config: {} }] }] },
    channels: [file],
  });
});
test.after.always(async () => {
  await engine?.stop();
});

/** Sends a message; answers its journal name whatever became of it. */
async function send(body: string): Promise<string> {
  const res = await engine.api(`/v1/${CHANNEL}:send`, { method: 'POST', body, headers: { 'content-type': 'application/hl7-v2' } });
  const json = (await res.json()) as { message?: string; error?: { details: Array<{ message: string }> } };
  return json.message ?? json.error!.details[0].message;
}

async function run(args: string[]): Promise<{ code: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const { log, error } = console;
  console.log = (line: string) => void out.push(line);
  console.error = (line: string) => void err.push(line);
  try {
    return { code: await channelReprocessCommand([...args, '--url', engine.url, '--key', engine.adminKey]), out, err };
  } finally {
    Object.assign(console, { log, error });
  }
}

test.serial('--message reprocesses one message and prints the new one; exit 1 when it fails again', async (t) => {
  const p = `R${randomBytes(4).toString('hex')}`;
  const good = await send(`MSH|^~\\&|LAB|HOSP|PLEXUS|HOSP|20260101120000||ADT^A01|${p}|P|2.5\rPID|1||42`);
  const byName = await run([CHANNEL, '--message', good]);
  t.is(byName.code, 0);
  t.regex(byName.out[0], new RegExp(`TRANSFORMED {2}ADT\\^A01 {2}${p} `));
  t.false(byName.out[0].includes(good.split('/').pop()!), 'the new message has an id of its own');
  const bad = await send(`${p} garbage`);
  const again = await run([CHANNEL, '--message', bad.split('/').pop()!]);
  t.is(again.code, 1);
  t.regex(again.out[0], /ERROR {8}- {2}- .* {2}stages\[0\]\.parse: the message cannot be parsed/);
});

test.serial('--filter reprocesses every match and prints the counts', async (t) => {
  const p = `F${randomBytes(4).toString('hex')}`;
  await send(`${p} garbage one`);
  await send(`${p} garbage two`);
  const result = await run([CHANNEL, '--filter', `status = ERROR AND content:"${p}"`]);
  t.is(result.code, 1);
  t.deepEqual(result.out, ['matched 2, reprocessed 0, failed 2']);
  const none = await run([CHANNEL, '--filter', `content:"${p}-nothing"`]);
  t.deepEqual([none.code, none.out], [0, ['matched 0, reprocessed 0, failed 0']]);
  await t.throwsAsync(() => run([CHANNEL]), { message: /either --message or --filter/ });
  await t.throwsAsync(() => run([CHANNEL, '--message', 'x', '--filter', 'y']), { message: /either --message or --filter/ });
  const missing = await run([CHANNEL, '--message', '0'.repeat(32)]);
  t.is(missing.code, 1);
  t.regex(missing.err[0], /not found/);
});
