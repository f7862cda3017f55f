import type { StageConfig } from './channel-config.ts';
import type { ConfigIssues, KeyPath } from './config-issues.ts';
import { readFilterCondition } from './read-filter-condition.ts';
import { readKindEntry } from './read-kind-entry.ts';

const STAGE = { noun: 'stage', kinds: ['parse', 'filter'] };
const FORMATS = ['hl7v2'];

/**
 * `stages`: the channel's stages in order, each `- KIND: SETTINGS`; null when one is wrong
 * (every problem reported). A filter reads fields, so a parse stage must come before it.
 */
export function readChannelStages(list: unknown[], issues: ConfigIssues): StageConfig[] | null {
  let parsed = false;
  const stages = list.map((item, i): StageConfig | null => {
    const path: KeyPath = ['stages', i];
    const entry = readKindEntry(item, path, issues, STAGE);
    if (entry === null) return null;
    const at = [...path, entry.kind];
    if (entry.kind === 'parse') {
      parsed = true;
      if (typeof entry.value === 'string' && FORMATS.includes(entry.value)) return { kind: 'parse', format: 'hl7v2' };
      issues.add(at, `must be the format to parse, one of ${FORMATS.join(', ')} (got ${JSON.stringify(entry.value)})`);
      return null;
    }
    if (!parsed) issues.add(at, 'needs a parse stage before it: a filter reads the fields of the parsed message');
    const condition = readFilterCondition(entry.value, at, issues);
    return condition && { kind: 'filter', condition };
  });
  return stages.every((stage) => stage !== null) && !issues.hasIssueAt(['stages']) ? stages : null;
}
