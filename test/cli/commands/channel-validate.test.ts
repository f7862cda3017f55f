import test from 'ava';
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { channelValidateCommand } from '../../../cli/commands/channel-validate.ts';
import { UsageError } from '../../../cli/commands/usage-error.ts';
import { runCommand } from './run-command.ts';
import { TYPESCRIPT_IMPORT } from '../../../cli/typescript-import.ts';

const STORE = 'projects/acme/locations/local/datasets/main/hl7V2Stores/adt';
const CHANNEL = `name: adt-feed\nregion: local\nsource:\n  mllp: {port: 2575}\ndestinations:\n  - store: ${STORE}\n`;

/** A fresh folder with a server config of one region, `local`, and the channel file `text`. */
function writeFiles(text: string): { server: string; channel: string } {
  const folder = mkdtempSync(join(tmpdir(), 'plexus-channel-validate-'));
  const server = join(folder, 'plexus.yaml');
  writeFileSync(server, 'regions:\n  local: {database: local.db, blobs: blobs}\n');
  const channel = join(folder, 'adt.yaml');
  writeFileSync(channel, text);
  return { server, channel };
}

const runValidate = (args: string[]) => runCommand(channelValidateCommand, args);

test.serial('a valid channel prints its name and counts and exits 0', async (t) => {
  const { server, channel } = writeFiles(`${CHANNEL}stages:\n  - parse: hl7v2\n  - filter: {messageType: [ADT]}\n`);
  t.deepEqual(await runValidate([channel, '--config', server]), { code: 0, out: ['channel OK: adt-feed (2 stages, 1 destination)'], err: [] });
  const one = writeFiles(`${CHANNEL}  - mllp: {host: lab.example.org, port: 2576}\nstages:\n  - parse: hl7v2\n`);
  t.deepEqual(await runValidate(['--config', one.server, one.channel]), { code: 0, out: ['channel OK: adt-feed (1 stage, 2 destinations)'], err: [] });
});

test.serial('every problem of the channel with its file, line and key, exit 2', async (t) => {
  const { server, channel } = writeFiles(CHANNEL.replace('region: local', 'region: europe-west4').replace('{port: 2575}', '{port: 2575, ack: later}'));
  t.deepEqual(await runValidate([channel, '--config', server]), {
    code: 2,
    out: [],
    err: [
      `${channel}:2: region: europe-west4 is not a configured region; configured: local`,
      `${channel}:4: source.mllp.ack: must be one of on-commit, on-receipt, none (got "later")`,
    ],
  });
});

test.serial('a server config or channel file that cannot be read exits 2', async (t) => {
  const { server, channel } = writeFiles(CHANNEL);
  const missingServer = join(server, '..', 'none.yaml');
  t.deepEqual(await runValidate([channel, '--config', missingServer]), { code: 2, out: [], err: [`${missingServer}: cannot read the config file: no such file`] });
  const missingChannel = join(channel, '..', 'none.yaml');
  t.deepEqual(await runValidate([missingChannel, '--config', server]), { code: 2, out: [], err: [`${missingChannel}: cannot read the channel file: no such file`] });
});

test.serial('FILE is required, and only one', async (t) => {
  await t.throwsAsync(channelValidateCommand([]), { instanceOf: UsageError, message: 'missing the channel FILE' });
  await t.throwsAsync(channelValidateCommand(['a.yaml', 'b.yaml']), { instanceOf: UsageError, message: "unexpected argument 'b.yaml'" });
});

test('plexus channel validate runs the command and lists it in the usage', async (t) => {
  const { server, channel } = writeFiles(CHANNEL.replace('name: adt-feed', 'name: "a b"'));
  const root = fileURLToPath(new URL('../../../', import.meta.url));
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('PLEXUS_')));
  const run = (...args: string[]) =>
    new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
      execFile(process.execPath, [TYPESCRIPT_IMPORT, 'cli/plexus.ts', ...args], { cwd: root, env }, (error, stdout, stderr) => {
        resolve({ code: error ? (error.code as number) : 0, stdout, stderr });
      });
    });
  const invalid = await run('channel', 'validate', channel, '--config', server);
  t.is(invalid.code, 2);
  t.regex(invalid.stderr, /:1: name: must be 1 to 256 characters/);
  const help = await run('channel', '--help');
  t.is(help.code, 0);
  t.regex(help.stdout, /plexus channel validate +validate a channel file/);
});

test.serial('a script whose default export is not a function is found by building the stages, exit 2', async (t) => {
  const { server, channel } = writeFiles(`${CHANNEL}stages:\n  - parse: hl7v2\n  - script: fix.js\n`);
  const script = join(channel, '..', 'fix.js');
  writeFileSync(script, 'export const fix = () => 1;\n');
  t.deepEqual(await runValidate([channel, '--config', server]), {
    code: 2,
    out: [],
    err: [`${channel}: stages[1].script (${script}): must export a default function, export default function (message, context) {...}; its default export is undefined`],
  });
});
