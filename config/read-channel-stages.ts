import type { ParseStageConfig, StageConfig } from './channel-config.ts';
import type { ConfigIssues, KeyPath } from './config-issues.ts';
import { type FilterFormat, readFilterCondition } from './read-filter-condition.ts';
import { readKindEntry } from './read-kind-entry.ts';
import { readLookupStage } from './read-lookup-stage.ts';
import { readRemoveStage } from './read-remove-stage.ts';
import { readScriptStage } from './read-script-stage.ts';
import { readSetStage } from './read-set-stage.ts';

const STAGE = { noun: 'stage', kinds: ['parse', 'filter', 'set', 'remove', 'lookup', 'script'] };
const FORMATS: ReadonlyArray<ParseStageConfig['format']> = ['hl7v2', 'dicom'];
/** What a DICOM channel's stages may be so far: the others read and write HL7v2 fields. */
const DICOM_STAGES = new Set(['parse', 'filter']);

/** Reads one kind of stage from its value at `path` (`stages[2].set`); null (reported) when wrong. */
type StageReader = (value: unknown, path: KeyPath, issues: ConfigIssues, resolvePath: (p: string) => string, format: FilterFormat) => StageConfig | null;

const READERS: Record<string, StageReader> = {
  parse: readParseStage,
  filter: (value, path, issues, _resolvePath, format) => {
    const condition = readFilterCondition(value, path, issues, format);
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
  let format: ParseStageConfig['format'] | null = null;
  const stages = list.map((item, i): StageConfig | null => {
    const path: KeyPath = ['stages', i];
    const entry = readKindEntry(item, path, issues, STAGE);
    if (entry === null) return null;
    const at = [...path, entry.kind];
    if (entry.kind !== 'parse' && !format) issues.add(at, `needs a parse stage before it: ${NEEDS_PARSE[entry.kind]}`);
    if (format === 'dicom' && !DICOM_STAGES.has(entry.kind)) issues.add(at, `works on HL7v2 messages; after parse: dicom a channel has ${[...DICOM_STAGES].join(' and ')} stages`);
    const stage = READERS[entry.kind](entry.value, at, issues, resolvePath, format ?? 'hl7v2');
    if (stage?.kind === 'parse') {
      if (format && format !== stage.format) issues.add(at, `the message is parsed as ${format} by an earlier stage; a channel carries one format`);
      format = stage.format;
    }
    return stage;
  });
  return stages.every((stage) => stage !== null) && !issues.hasIssueAt(['stages']) ? stages : null;
}

/** `- parse: hl7v2`, `- parse: dicom`. */
function readParseStage(value: unknown, path: KeyPath, issues: ConfigIssues): StageConfig | null {
  const format = FORMATS.find((f) => f === value);
  if (format) return { kind: 'parse', format };
  issues.add(path, `must be the format to parse, one of ${FORMATS.join(', ')} (got ${JSON.stringify(value)})`);
  return null;
}
