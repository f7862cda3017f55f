import type { ConfigIssues, KeyPath } from './config-issues.ts';
import { isLeaf, rootNode, type SchemaNode, type SectionNode } from './schema-nodes.ts';

export function isMapping(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * Reports values whose shape contradicts the schema (a list where a section belongs, a
 * mapping where a number belongs) and returns the data without them. convict would
 * otherwise merge such values into its defaults silently or fail with unrelated messages.
 * An empty (null) section or collection means "the defaults". Undeclared keys are kept
 * for convict's strict validation to report.
 */
export function checkSchemaShape(data: Record<string, unknown>, issues: ConfigIssues): Record<string, unknown> {
  return checkSection(data, rootNode, [], issues);
}

function checkSection(data: Record<string, unknown>, section: SectionNode, path: KeyPath, issues: ConfigIssues): Record<string, unknown> {
  const kept: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(data)) {
    const node = Object.hasOwn(section, key) ? section[key] : undefined;
    if (node === undefined) {
      // convict would read `http.port: 1` as the key http.port and ignore it silently.
      if (key.includes('.')) issues.addUnknownKey([...path, key], Object.keys(section));
      else kept[key] = value;
      continue;
    }
    const problem = shapeProblem(node, value);
    if (problem !== null) issues.add([...path, key], problem);
    else if (value === null && !isScalarLeaf(node)) continue;
    else kept[key] = isLeaf(node) ? value : checkSection(value as Record<string, unknown>, node, [...path, key], issues);
  }
  return kept;
}

function isScalarLeaf(node: SchemaNode): boolean {
  return isLeaf(node) && node.shape === undefined;
}

function shapeProblem(node: SchemaNode, value: unknown): string | null {
  if (value === null) return null;
  if (!isLeaf(node) || node.shape === 'map') return isMapping(value) ? null : 'must be a mapping (key: value lines)';
  if (node.shape === 'list') return Array.isArray(value) ? null : 'must be a list (lines starting with "- ")';
  if (Array.isArray(value)) return 'must be a single value, not a list';
  return isMapping(value) ? 'must be a single value, not a mapping' : null;
}
