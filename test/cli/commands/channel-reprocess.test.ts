import test from 'ava';
import { randomBytes } from 'node:crypto';
import { channelReprocessCommand } from '../../../cli/commands/channel-reprocess.ts';
import type { TestEngine } from '../../helpers/test-engine.ts';
import { runCommand } from './run-command.ts';
import { CLI_CHANNEL, startCliEngine } from './start-cli-engine.ts';

const CHANNEL = CLI_CHANNEL;
let engine: TestEngine;
test.before(async () => {
  engine = await startCliEngine();
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

// A key may start with a dash, which parseArgs would take for an option: --key=KEY.
const run = (args: string[]) => runCommand((a) => channelReprocessCommand([...a, '--url', engine.url, `--key=${engine.adminKey}`]), args);

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
