import { isMapping } from './check-schema-shape.ts';
import type { FieldAssignment, SetStageConfig } from './channel-config.ts';
import type { ConfigIssues, KeyPath } from './config-issues.ts';
import { writableFieldProblem } from './hl7v2-field-path.ts';
import { readValueTemplate } from './read-value-template.ts';

/** `- set: { PID-5.1: DOE, MSH-5: "${MSH-3}" }` at `path` (`stages[2].set`); null (reported) when wrong. */
export function readSetStage(value: unknown, path: KeyPath, issues: ConfigIssues): SetStageConfig | null {
  if (!isMapping(value) || Object.keys(value).length === 0) {
    issues.add(path, 'must be a mapping of one or more field paths to values, such as {PID-5.1: DOE, MSH-5: "${MSH-3}"}');
    return null;
  }
  const fields = Object.entries(value).map(([field, template]): FieldAssignment | null => {
    const at = [...path, field];
    const problem = writableFieldProblem(field);
    if (problem !== null) issues.add(at, problem);
    const parts = readValueTemplate(template, at, issues);
    return problem === null && parts !== null ? { field, value: parts } : null;
  });
  return fields.every((field) => field !== null) ? { kind: 'set', fields } : null;
}
