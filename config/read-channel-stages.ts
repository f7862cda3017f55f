import type { StageConfig } from './channel-config.ts';
import type { ConfigIssues, KeyPath } from './config-issues.ts';
import { readFilterCondition } from './read-filter-condition.ts';
import { readKindEntry } from './read-kind-entry.ts';
import { readLookupStage } from './read-lookup-stage.ts';
import { readRemoveStage } from './read-remove-stage.ts';
import { readScriptStage } from './read-script-stage.ts';
import { readSetStage } from './read-set-stage.ts';

const STAGE = { noun: 'stage', kinds: ['parse', 'filter', 'set', 'remove', 'lookup', 'script'] };
const FORMATS = ['hl7v2'];

/** Reads one kind of stage from its value at `path` (`stages[2].set`); null (reported) when wrong. */
type StageReader = (value: unknown, path: KeyPath, issues: ConfigIssues, resolvePath: (p: string) => string) => StageConfig | null;

const READERS: Record<string, StageReader> = {
  parse: readParseStage,
  filter: (value, path, issues) => {
    const condition = readFilterCondition(value, path, issues);
    return condition && { kind: 'filter', condition };
  },
  set: readSetStage,
  remove: readRemoveStage,
  lookup: readLookupStage,
  script: readScriptStage,
};

/** Why each stage after parse needs it, for the problem of a stage before any parse. */
const NEEDS_PARSE: Record<string, string> = {
  filter: 'a filter reads the fields of the parsed message',
  set: 'set writes the fields of the parsed message',
  remove: 'remove edits the parsed message',
  lookup: 'a lookup reads and writes the fields of the parsed message',
  script: 'a script is given the parsed message',
};

/**
 * `stages`: the channel's stages in order, each `- KIND: SETTINGS`; null when one is wrong
 * (every problem reported). Every stage but parse works on the parsed message, so a parse
 * stage must come before it. Files the stages name (lookup tables, scripts) resolve with
 * `resolvePath`, against the channel file's folder.
 */
export function readChannelStages(list: unknown[], issues: ConfigIssues, resolvePath: (p: string) => string): StageConfig[] | null {
  let parsed = false;
  const stages = list.map((item, i): StageConfig | null => {
    const path: KeyPath = ['stages', i];
    const entry = readKindEntry(item, path, issues, STAGE);
    if (entry === null) return null;
    const at = [...path, entry.kind];
    if (entry.kind === 'parse') parsed = true;
    else if (!parsed) issues.add(at, `needs a parse stage before it: ${NEEDS_PARSE[entry.kind]}`);
    return READERS[entry.kind](entry.value, at, issues, resolvePath);
  });
  return stages.every((stage) => stage !== null) && !issues.hasIssueAt(['stages']) ? stages : null;
}

/** `- parse: hl7v2`. */
function readParseStage(value: unknown, path: KeyPath, issues: ConfigIssues): StageConfig | null {
  if (typeof value === 'string' && FORMATS.includes(value)) return { kind: 'parse', format: 'hl7v2' };
  issues.add(path, `must be the format to parse, one of ${FORMATS.join(', ')} (got ${JSON.stringify(value)})`);
  return null;
}
