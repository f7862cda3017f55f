import test from 'ava';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError, type ConfigIssue } from '../../config/config-error.ts';
import type { StageConfig } from '../../config/channel-config.ts';
import { loadChannelConfig } from '../../config/load-channel-config.ts';
import { CONTEXT, described, MINIMAL, tempFolder, writeChannel } from './channel-fixture.ts';

const FIX = "export default function (message: { set(p: string, v: string): void }) { message.set('PID-8', 'F'); }\n";

function channelWith(stages: string, files: Record<string, string>): string {
  const folder = tempFolder();
  for (const [name, text] of Object.entries(files)) writeFileSync(join(folder, name), text);
  return writeChannel(`${MINIMAL}stages:\n  - parse: hl7v2\n${stages}`, folder);
}

function issuesOf(stages: string, files: Record<string, string> = {}): ConfigIssue[] {
  try {
    loadChannelConfig(channelWith(stages, files), CONTEXT);
  } catch (error) {
    if (error instanceof ConfigError) return [...error.issues];
    throw error;
  }
  throw new Error('expected a ConfigError');
}

const scriptOf = (stage: string, files: Record<string, string>): StageConfig => loadChannelConfig(channelWith(`  - ${stage}\n`, files), CONTEXT).stages[1];

test('a script next to the channel is read and transpiled, alone or with its time limit', (t) => {
  const plain = scriptOf('script: fix.ts', { 'fix.ts': FIX });
  t.like(plain, { kind: 'script', timeoutMs: 1000 });
  t.true(plain.kind === 'script' && plain.file.endsWith('/fix.ts') && plain.code.includes('module.exports'));
  t.like(scriptOf('script: {file: fix.mjs, timeoutMs: 250}', { 'fix.mjs': 'export default (m) => m;\n' }), { kind: 'script', timeoutMs: 250 });
});

test('a missing file, a wrong extension or time limit and a wrong shape are reported at their keys', (t) => {
  const issues = issuesOf(`  - script: missing.ts
  - script: fix.py
  - script: {file: fix.ts, timeoutMs: 0, memory: 1}
  - script: [fix.ts]
`, { 'fix.ts': FIX });
  t.deepEqual(described(issues).map(([key, line, message]) => [key, line, message.replace(/ \/\S+\//, ' /')]), [
    ['stages[1].script', 9, 'cannot read the script /missing.ts: no such file'],
    ['stages[2].script', 10, 'must be a TypeScript or JavaScript module, a .ts, .mts, .js or .mjs file (got /fix.py)'],
    ['stages[3].script.memory', 11, 'unknown key; known keys here: file, timeoutMs'],
    ['stages[3].script.timeoutMs', 11, 'must be a whole number of milliseconds from 1 to 10000 (got 0)'],
    ['stages[4].script', 12, 'must be the script\'s file, such as fix.ts, or {file: fix.ts, timeoutMs: 1000}'],
  ]);
});

test('a syntax error or an import is reported in the script at its line, keyed by the stage', (t) => {
  const issues = issuesOf('  - script: {file: fix.ts}\n', { 'fix.ts': "import { readFileSync } from 'node:fs';\nexport default () => readFileSync('/etc/passwd');\n" });
  t.is(issues.length, 1);
  t.true(issues[0].file?.endsWith('/fix.ts'));
  t.like(issues[0], { line: 1, key: 'stages[1].script.file', message: 'imports "node:fs": a script cannot import modules; it runs without file, network or module access' });
});
