import { readdirSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { ConfigIssue } from './config-error.ts';

const WILDCARD = /[*?]/;

/**
 * The channel files of `channels` (absolute paths or globs), each once, in the order given;
 * a glob's matches sorted by name. A glob holds `*` and `?` in its last segment only and,
 * as in a shell, does not match names starting with a dot unless it starts with one. A
 * literal path stays as it is: loading it reports it when it is missing.
 */
export function expandChannelFiles(patterns: readonly string[]): { files: string[]; issues: ConfigIssue[] } {
  const files = new Set<string>();
  const issues: ConfigIssue[] = [];
  for (const pattern of patterns) {
    const expanded = WILDCARD.test(basename(pattern)) || WILDCARD.test(dirname(pattern)) ? expandGlob(pattern) : [pattern];
    if (typeof expanded === 'string') issues.push({ key: '', message: expanded, file: pattern, line: null, env: null });
    else for (const file of expanded) files.add(file);
  }
  return { files: [...files], issues };
}

/** The files `pattern` matches, or why it cannot be expanded. */
function expandGlob(pattern: string): string[] | string {
  const folder = dirname(pattern);
  if (WILDCARD.test(folder)) return 'only the file name of a channel glob may hold * or ?; write the folders out';
  let names: string[];
  try {
    names = readdirSync(folder);
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such folder' : (error as Error).message;
    return `cannot read the folder of the channel glob: ${reason}`;
  }
  const matcher = globMatcher(basename(pattern));
  return names
    .filter(matcher)
    .sort()
    .map((name) => join(folder, name))
    .filter((file) => statSync(file, { throwIfNoEntry: false })?.isFile() === true);
}

function globMatcher(glob: string): (name: string) => boolean {
  const source = [...glob].map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[\\^$.|+()[\]{}]/g, '\\$&'))).join('');
  const regex = new RegExp(`^${source}$`, 'u');
  return (name) => regex.test(name) && (!name.startsWith('.') || glob.startsWith('.'));
}
