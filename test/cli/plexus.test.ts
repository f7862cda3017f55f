import test from 'ava';
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { TYPESCRIPT_IMPORT } from '../../cli/typescript-import.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Run `node --import=./cli/register-typescript.mjs cli/plexus.ts ...args` from the repository root, without PLEXUS_* variables. */
function plexus(...args: string[]): Promise<Run> {
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('PLEXUS_')));
  return new Promise((resolve) => {
    execFile(process.execPath, [TYPESCRIPT_IMPORT, 'cli/plexus.ts', ...args], { cwd: root, env }, (error, stdout, stderr) => {
      resolve({ code: error ? (error.code as number) : 0, stdout, stderr });
    });
  });
}

function writeConfig(text: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'plexus-cli-')), 'plexus.yaml');
  writeFileSync(file, text);
  return file;
}

const REGION = 'regions:\n  local: {database: local.db, blobs: blobs}\n';

test('config check: a valid file prints "config OK" and exits 0', async (t) => {
  const run = await plexus('config', 'check', writeConfig(REGION));
  t.is(run.code, 0);
  t.is(run.stdout, 'config OK\n');
  t.is(run.stderr, '');
});

test('config check: the default config is valid', async (t) => {
  const run = await plexus('config', 'check');
  t.is(run.code, 0);
});

test('config check: every problem on stderr with file, line and key, exit 2', async (t) => {
  const file = writeConfig(`http:\n  port: 99999\n  bogus: 1\n${REGION}`);
  const run = await plexus('config', 'check', file);
  t.is(run.code, 2);
  t.is(run.stdout, '');
  t.deepEqual(run.stderr.trim().split('\n'), [
    `${file}:2: http.port: must be a port number from 0 to 65535 (got 99999)`,
    `${file}:3: http.bogus: unknown key; known keys here: host, port, tls, requestTimeoutMs, maxConnections`,
  ]);
});

test('config print: the effective config with secrets masked, as YAML or JSON', async (t) => {
  const file = writeConfig(`
regions:
  eu: {database: "postgres://plexus:hunter2@db.example/eu", blobs: blobs}
auth:
  mode: apiKey
  apiKeys: [{principal: "serviceAccount:feed", keySha256: ${'c'.repeat(64)}}]
`);
  const yaml = await plexus('config', 'print', '--config', file);
  t.is(yaml.code, 0);
  t.false(yaml.stdout.includes('hunter2'));
  t.false(yaml.stdout.includes('c'.repeat(64)));
  const printed = parse(yaml.stdout);
  t.is(printed.regions.eu.database, 'postgres://plexus:********@db.example/eu');
  t.is(printed.regions.eu.blobs, join(file, '../blobs'));
  t.deepEqual(printed.auth.apiKeys, [{ principal: 'serviceAccount:feed', keySha256: '********' }]);
  t.is(printed.http.port, 8080);
  const json = await plexus('config', 'print', '--config', file, '--format', 'json');
  t.is(json.code, 0);
  t.deepEqual(JSON.parse(json.stdout), printed);
});

test('config print: an invalid config exits 2 with its problems', async (t) => {
  const run = await plexus('config', 'print', '--config', writeConfig('regions: {}\n'));
  t.is(run.code, 2);
  t.regex(run.stderr, /:1: regions: at least one region is required/);
});

test('serve: an invalid config exits 2 before the engine starts', async (t) => {
  const file = writeConfig(`http: {host: 0.0.0.0, tls: {cert: c.pem, key: k.pem}}\n${REGION}`);
  const run = await plexus('serve', '--config', file);
  t.is(run.code, 2);
  t.regex(run.stderr, /auth\.mode: authentication is required because http\.host 0\.0\.0\.0 is not a loopback address/);
});

test('unknown commands and options print the usage on stderr and exit 2', async (t) => {
  const unknown = await plexus('frobnicate');
  t.is(unknown.code, 2);
  t.regex(unknown.stderr, /^plexus: unknown command 'frobnicate'\n\nusage: plexus COMMAND/);
  const sub = await plexus('config', 'frobnicate');
  t.is(sub.code, 2);
  t.regex(sub.stderr, /unknown command 'config frobnicate'[^]*plexus config check/);
  const option = await plexus('config', 'print', '--colour');
  t.is(option.code, 2);
  t.regex(option.stderr, /^plexus config print: Unknown option '--colour'[^]*usage: plexus config print/);
  const none = await plexus();
  t.is(none.code, 2);
  t.regex(none.stderr, /^usage: plexus COMMAND/);
});

test('--help prints the usage on stdout, for plexus and for each command', async (t) => {
  const top = await plexus('--help');
  t.is(top.code, 0);
  for (const command of ['serve', 'config check', 'config print', 'audit verify']) t.true(top.stdout.includes(`plexus ${command}`), command);
  const serve = await plexus('serve', '--help');
  t.is(serve.code, 0);
  t.regex(serve.stdout, /^usage: plexus serve \[--config FILE\]/);
  const audit = await plexus('help', 'audit', 'verify');
  t.is(audit.code, 0);
  t.regex(audit.stdout, /^usage: plexus audit verify/);
});
