import test from 'ava';
import { randomBytes } from 'node:crypto';
import { channelMessagesCommand } from '../../../cli/commands/channel-messages.ts';
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

async function send(controlId: string): Promise<string> {
  const body = `MSH|^~\\&|LAB|HOSP|PLEXUS|HOSP|20260101120000||ADT^A01|${controlId}|P|2.5\rPID|1||42`;
  const res = await engine.api(`/v1/${CHANNEL}:send`, { method: 'POST', body, headers: { 'content-type': 'application/hl7-v2' } });
  return ((await res.json()) as { message: string }).message;
}

const run = (args: string[]) => runCommand((a) => channelMessagesCommand([...a, '--url', engine.url]), args);

test.serial('lists newest first, a line per message, paging up to --limit', async (t) => {
  const p = `C${randomBytes(4).toString('hex')}`;
  const names = [];
  for (let i = 0; i < 3; i++) names.push(await send(`${p}-${i}`));
  const all = await run([CHANNEL, '--filter', `controlId:"${p}"`, `--key=${engine.adminKey}`]);
  t.is(all.code, 0);
  t.is(all.out.length, 3);
  t.regex(all.out[0], new RegExp(`^\\S+Z {2}TRANSFORMED {2}ADT\\^A01 {2}${p}-2 {2}${names[2].split('/').pop()} {2}store:SENT$`));
  const limited = await run(['feed', '--project', 'cli', '--location', 'local', '--filter', `controlId:"${p}"`, '--limit', '2', '--json', `--key=${engine.adminKey}`]);
  t.deepEqual(limited.out.map((line) => JSON.parse(line).name), [names[2], names[1]]);
});

test.serial('an API refusal is printed and exits 1; usage errors throw', async (t) => {
  const denied = await run([CHANNEL, `--key=${engine.strangerKey}`]);
  t.is(denied.code, 1);
  t.regex(denied.err[0], /^plexus channel messages: permission 'plexus\.channelMessages\.list' denied/);
  const bad = await run([CHANNEL, '--filter', 'status = NOPE', `--key=${engine.adminKey}`]);
  t.regex(bad.err[0], /invalid filter at position 10/);
  await t.throwsAsync(() => run(['feed']), { message: /--project and --location/ });
  await t.throwsAsync(() => run([CHANNEL, '--limit', '0']), { message: /--limit takes a positive number/ });
  await t.throwsAsync(() => run([]), { message: /missing the CHANNEL/ });
});
