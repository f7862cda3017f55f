import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import type { LookupDefault, LookupStageConfig } from './channel-config.ts';
import type { ConfigIssues, KeyPath } from './config-issues.ts';
import { EntryReader } from './entry-reader.ts';
import { HL7V2_FIELD_PATH, HL7V2_FIELD_PATH_RULE, writableFieldProblem } from './hl7v2-field-path.ts';
import type { LookupTableRows } from './lookup-table-rows.ts';
import { parseCsvLookupTable } from './parse-csv-lookup-table.ts';
import { parseYamlLookupTable } from './parse-yaml-lookup-table.ts';
import { readErrorReason } from './read-config-file.ts';

const KEYS = ['field', 'table', 'into', 'default'];
const FIELD = { pattern: HL7V2_FIELD_PATH, message: HL7V2_FIELD_PATH_RULE };
const TABLE_FORMATS: Record<string, (text: string) => LookupTableRows> = { '.csv': parseCsvLookupTable, '.yaml': parseYamlLookupTable, '.yml': parseYamlLookupTable };

/**
 * `- lookup: { field: OBX-3.1, table: loinc.csv, into: OBX-3.1, default: keep }` at `path`.
 * The table (relative to the channel file) is read now, so a missing or malformed table
 * stops the channel from loading, each problem at the table's own line.
 */
export function readLookupStage(value: unknown, path: KeyPath, issues: ConfigIssues, resolvePath: (p: string) => string): LookupStageConfig | null {
  const reader = EntryReader.open(value, path, issues, KEYS);
  if (reader === null) return null;
  const field = reader.text('field', FIELD);
  const into = readInto(reader, field);
  const fallback = readDefault(reader, (value as Record<string, unknown>).default);
  const table = reader.text('table');
  const file = table === null ? null : resolvePath(table);
  const entries = file === null ? null : readLookupTable(file, [...path, 'table'], issues);
  if (field === null || into === null || fallback === null || file === null || entries === null) return null;
  return { kind: 'lookup', field, into, table: file, entries, default: fallback };
}

/** `into`: `field` when not given; written in the same segment the value was read from. */
function readInto(reader: EntryReader, field: string | null): string | null {
  const into = reader.text('into', undefined, null) ?? field;
  if (into === null) return null;
  const problem = writableFieldProblem(into);
  if (problem !== null) return reader.problem('into', problem);
  if (field !== null && into.slice(0, 3) !== field.slice(0, 3)) {
    return reader.problem('into', `must be in the segment of field, ${field.slice(0, 3)}: the value is written in each segment it was read from (got ${into})`);
  }
  return into;
}

/** `default`: `keep` (the default), `error`, or any other string, `""` included: the value to write. */
function readDefault(reader: EntryReader, value: unknown): LookupDefault | null {
  if (value === undefined || value === null) return { kind: 'keep' };
  if (typeof value !== 'string') return reader.problem('default', `must be keep, error, or the value to write as a quoted string (got ${JSON.stringify(value)})`);
  return value === 'keep' || value === 'error' ? { kind: value } : { kind: 'value', value };
}

function readLookupTable(file: string, path: KeyPath, issues: ConfigIssues): ReadonlyMap<string, string> | null {
  const parse = TABLE_FORMATS[extname(file).toLowerCase()];
  if (parse === undefined) {
    issues.add(path, `must be a .csv file with the header from,to, or a .yaml or .yml mapping (got ${file})`);
    return null;
  }
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    issues.add(path, `cannot read the table ${file}: ${readErrorReason(error)}`);
    return null;
  }
  const rows = parse(text);
  for (const problem of rows.problems) issues.addInFile(file, problem.line, path, problem.message);
  return rows.problems.length === 0 ? rows.entries : null;
}
