import type { RemoveStageConfig } from './channel-config.ts';
import type { ConfigIssues, KeyPath } from './config-issues.ts';
import { HL7V2_FIELD_PATH, HL7V2_SEGMENT_ID, writableFieldProblem } from './hl7v2-field-path.ts';

/**
 * `- remove: [PID-19, PID-5.2, NK1]` (or one of them without the list) at `path`: field
 * paths and segment IDs; null (reported) when wrong.
 */
export function readRemoveStage(value: unknown, path: KeyPath, issues: ConfigIssues): RemoveStageConfig | null {
  const list = typeof value === 'string' ? [value] : value;
  if (!Array.isArray(list) || list.length === 0) {
    issues.add(path, 'must be a field path or segment ID, or a list of them, such as [PID-19, PID-5.2, NK1]');
    return null;
  }
  const atItem = (i: number): KeyPath => (Array.isArray(value) ? [...path, i] : path);
  const targets = list.map((target, i) => {
    const problem = removeTargetProblem(target);
    if (problem === null) return target as string;
    issues.add(atItem(i), problem);
    return null;
  });
  return targets.every((target) => target !== null) ? { kind: 'remove', targets } : null;
}

function removeTargetProblem(target: unknown): string | null {
  if (target === 'MSH') return 'MSH cannot be removed: a message starts with its header';
  if (typeof target === 'string' && HL7V2_SEGMENT_ID.test(target)) return null;
  if (typeof target === 'string' && HL7V2_FIELD_PATH.test(target)) return writableFieldProblem(target);
  return `must be a field path such as PID-19, PID-3[2] or PID-5.2, or a segment ID such as NK1 (got ${JSON.stringify(target)})`;
}
