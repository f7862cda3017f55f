import type { FilterCondition } from './channel-config.ts';
import type { ConfigIssues, KeyPath } from './config-issues.ts';
import { DICOM_ATTRIBUTE, DICOM_ATTRIBUTE_RULE } from './dicom-attribute-name.ts';
import { HL7V2_FIELD_PATH, HL7V2_FIELD_PATH_RULE } from './hl7v2-field-path.ts';
import { readKindEntry, type KindEntry } from './read-kind-entry.ts';

const TESTS = ['equals', 'matches', 'in'];
const CONDITION = { noun: 'condition', kinds: ['messageType', 'field', 'all', 'any', 'not'], extra: TESTS };
/** `ADT` or `ADT^A01`: MSH-9.1, and MSH-9.2 when given. */
const MESSAGE_TYPE = /^[A-Z0-9]{3}(?:\^[A-Z0-9]{3})?$/;
/** Deep enough for any real filter; a YAML alias can make a condition contain itself. */
const MAX_DEPTH = 16;

/** What the filter reads: the fields of an HL7v2 message (`PID-3.1`) or the attributes of a DICOM data set (`Modality`). */
export type FilterFormat = 'hl7v2' | 'dicom';

/** A filter's condition at `path` (`stages[1].filter`), every problem reported; null when wrong. */
export function readFilterCondition(value: unknown, path: KeyPath, issues: ConfigIssues, format: FilterFormat = 'hl7v2', depth = 1): FilterCondition | null {
  if (depth > MAX_DEPTH) return addIssue(issues, path, `conditions may nest ${MAX_DEPTH} levels deep at most`);
  const entry = readKindEntry(value, path, issues, CONDITION);
  if (entry === null) return null;
  if (entry.kind === 'field') return readFieldTest(entry, issues, format);
  for (const key of TESTS.filter((k) => Object.hasOwn(entry.entry, k))) entry.reader.problem(key, `goes with field, not with ${entry.kind}`);
  const condition = readOtherCondition(entry, issues, format, depth);
  return issues.hasIssueAt(path) ? null : condition;
}

/** `messageType`, `all`, `any` and `not`. */
function readOtherCondition({ kind, value, reader }: KindEntry, issues: ConfigIssues, format: FilterFormat, depth: number): FilterCondition | null {
  const at: KeyPath = [...reader.path, kind];
  if (kind === 'messageType') {
    if (format === 'dicom') return addIssue(issues, at, 'is the HL7v2 message type (MSH-9); a DICOM filter names an attribute, such as { field: SOPClassUID, in: [...] } or { field: Modality, equals: CT }');
    return readMessageTypes(value, at, issues);
  }
  if (kind === 'not') {
    const condition = readFilterCondition(value, at, issues, format, depth + 1);
    return condition && { kind, condition };
  }
  const conditions = readConditionList(value, at, issues, format, depth);
  return conditions && { kind: kind as 'all' | 'any', conditions };
}

function readConditionList(value: unknown, path: KeyPath, issues: ConfigIssues, format: FilterFormat, depth: number): FilterCondition[] | null {
  if (!Array.isArray(value) || value.length === 0) return addIssue(issues, path, 'must be a list of one or more conditions');
  const conditions = value.map((item, i) => readFilterCondition(item, [...path, i], issues, format, depth + 1));
  return conditions.every((condition) => condition !== null) ? conditions : null;
}

function readMessageTypes(value: unknown, path: KeyPath, issues: ConfigIssues): FilterCondition | null {
  const types = readStrings(value, path, issues);
  const wrong = (types ?? []).flatMap((type, i) => (MESSAGE_TYPE.test(type) ? [] : [i]));
  for (const i of wrong) issues.add([...path, i], `must be a message type such as ADT or ADT^A01 (got ${JSON.stringify(types![i])})`);
  return types === null || wrong.length > 0 ? null : { kind: 'messageType', types };
}

/** `{field: PID-3.1, equals: "123"}` (`{field: Modality, ...}` for DICOM), or `matches` or `in` instead of `equals`. */
function readFieldTest({ reader, entry }: KindEntry, issues: ConfigIssues, format: FilterFormat): FilterCondition | null {
  const field = reader.text('field');
  const [rule, text] = format === 'dicom' ? [DICOM_ATTRIBUTE, DICOM_ATTRIBUTE_RULE] : [HL7V2_FIELD_PATH, HL7V2_FIELD_PATH_RULE];
  if (field !== null && !rule.test(field)) reader.problem('field', `${text} (got ${JSON.stringify(field)})`);
  const tests = TESTS.filter((key) => Object.hasOwn(entry, key));
  if (tests.length !== 1) return reader.problem([], `takes one of ${TESTS.join(', ')} beside field${tests.length > 1 ? `, not ${tests.join(' and ')}` : ''}`);
  const at = [...reader.path, tests[0]];
  const valid = (): boolean => field !== null && !issues.hasIssueAt(reader.path);
  if (tests[0] === 'in') {
    const values = readStrings(entry.in, at, issues);
    return values !== null && valid() ? { kind: 'in', field: field!, values } : null;
  }
  const operand = readString(entry[tests[0]], at, issues);
  if (tests[0] === 'matches' && operand !== null) checkPattern(operand, at, issues);
  if (operand === null || !valid()) return null;
  return tests[0] === 'equals' ? { kind: 'equals', field: field!, value: operand } : { kind: 'matches', field: field!, pattern: operand };
}

/** A string as written: YAML reads `equals: 123` as a number and `equals: 1.10` as 1.1, so those must be quoted. */
function readString(value: unknown, path: KeyPath, issues: ConfigIssues): string | null {
  if (typeof value === 'string') return value;
  return addIssue(issues, path, `must be a string; quote values such as "123" so YAML keeps them as written (got ${JSON.stringify(value)})`);
}

function readStrings(value: unknown, path: KeyPath, issues: ConfigIssues): string[] | null {
  if (!Array.isArray(value) || value.length === 0) return addIssue(issues, path, 'must be a list of one or more strings');
  const strings = value.map((item, i) => readString(item, [...path, i], issues));
  return strings.every((item) => item !== null) ? strings : null;
}

function checkPattern(pattern: string, path: KeyPath, issues: ConfigIssues): void {
  try {
    new RegExp(pattern);
  } catch (error) {
    issues.add(path, `must be a regular expression: ${(error as Error).message}`);
  }
}

function addIssue(issues: ConfigIssues, path: KeyPath, message: string): null {
  issues.add(path, message);
  return null;
}
