import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { isMapping } from './check-schema-shape.ts';
import type { ScriptStageConfig } from './channel-config.ts';
import type { ConfigIssues, KeyPath } from './config-issues.ts';
import { EntryReader } from './entry-reader.ts';
import { readErrorReason } from './read-config-file.ts';
import { transpileChannelScript } from './transpile-channel-script.ts';

const KEYS = ['file', 'timeoutMs'];
const LOADERS: Record<string, 'ts' | 'js'> = { '.ts': 'ts', '.mts': 'ts', '.js': 'js', '.mjs': 'js' };
/**
 * A guard against a loop that never ends, not a budget: generous, so that a healthy message
 * is not failed by a garbage collection or a busy machine (a script blocks every channel while it runs).
 */
export const DEFAULT_SCRIPT_TIMEOUT_MS = 1000;
const TIMEOUT = { min: 1, max: 10_000, message: 'must be a whole number of milliseconds from 1 to 10000' };

/**
 * `- script: fix.ts` or `- script: { file: fix.ts, timeoutMs: 100 }` at `path`. The module
 * (relative to the channel file) is read and transpiled now: a syntax error or an import
 * stops the channel from loading, at the script's own line.
 */
export function readScriptStage(value: unknown, path: KeyPath, issues: ConfigIssues, resolvePath: (p: string) => string): ScriptStageConfig | null {
  if (typeof value !== 'string' && !isMapping(value)) {
    issues.add(path, `must be the script's file, such as fix.ts, or {file: fix.ts, timeoutMs: ${DEFAULT_SCRIPT_TIMEOUT_MS}}`);
    return null;
  }
  const reader = isMapping(value) ? EntryReader.open(value, path, issues, KEYS)! : null;
  const name = reader ? reader.text('file') : value as string;
  const timeoutMs = reader ? reader.integer('timeoutMs', TIMEOUT, DEFAULT_SCRIPT_TIMEOUT_MS) : DEFAULT_SCRIPT_TIMEOUT_MS;
  const file = name === null ? null : resolvePath(name);
  const code = file === null ? null : readScript(file, reader ? [...path, 'file'] : path, issues);
  if (file === null || code === null || timeoutMs === null) return null;
  return { kind: 'script', file, code, timeoutMs };
}

function readScript(file: string, path: KeyPath, issues: ConfigIssues): string | null {
  const loader = LOADERS[extname(file).toLowerCase()];
  if (loader === undefined) {
    issues.add(path, `must be a TypeScript or JavaScript module, a .ts, .mts, .js or .mjs file (got ${file})`);
    return null;
  }
  let source: string;
  try {
    source = readFileSync(file, 'utf8');
  } catch (error) {
    issues.add(path, `cannot read the script ${file}: ${readErrorReason(error)}`);
    return null;
  }
  const result = transpileChannelScript(source, file, loader);
  if ('code' in result) return result.code;
  for (const problem of result.problems) issues.addInFile(file, problem.line, path, problem.message);
  return null;
}
