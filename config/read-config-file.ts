import { readFileSync } from 'node:fs';
import { isMapping } from './check-schema-shape.ts';
import { ConfigError } from './config-error.ts';
import type { ConfigIssues } from './config-issues.ts';
import type { ConfigSource } from './config-source.ts';

/** The text of a YAML file (`what`: "config file", "channel file"); a ConfigError when it cannot be read. */
export function readConfigText(path: string, what: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError([{ key: '', message: `cannot read the ${what}: ${readErrorReason(error)}`, file: path, line: null, env: null }]);
  }
}

/** Why a file could not be read, in a few words: `no such file`, else the system's message. */
export function readErrorReason(error: unknown): string {
  return (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message;
}

/**
 * The top-level mapping of a parsed file; throws the syntax errors, or a top level that is
 * not a mapping (`keys` names some of the keys expected there). An empty file is `{}`.
 */
export function readConfigMapping(source: ConfigSource, issues: ConfigIssues, keys: string): Record<string, unknown> {
  for (const error of source.syntaxErrors()) issues.addAtLine(error.line, error.message);
  issues.throwIfAny();
  let data: unknown;
  try {
    data = source.toJS() ?? {};
  } catch (error) {
    issues.addAtLine(null, (error as Error).message);
  }
  if (data !== undefined && !isMapping(data)) issues.addAtLine(1, `the file must be a YAML mapping of keys such as ${keys}`);
  issues.throwIfAny();
  return data as Record<string, unknown>;
}
