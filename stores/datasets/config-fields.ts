import { invalidArgument } from '../../engine/errors/api-error.ts';
import { parseLabels } from './labels.ts';

/** A declarative description of one JSON configuration field, as Google's API documents it. */
export type FieldSpec =
  | { kind: 'boolean'; immutable?: boolean }
  /** `check` says what is wrong with a value its pattern cannot judge (a filter), or null. */
  | { kind: 'string'; immutable?: boolean; pattern?: RegExp; hint?: string; check?: (value: string) => string | null }
  | { kind: 'enum'; values: readonly string[]; immutable?: boolean; required?: boolean }
  | { kind: 'labels'; immutable?: boolean }
  /** `check` judges the fields together (one of two required), after each passed alone. */
  | { kind: 'object'; fields: FieldSpecs; immutable?: boolean; check?: (value: Record<string, unknown>) => string | null }
  | { kind: 'array'; items: FieldSpec; immutable?: boolean };

export type FieldSpecs = Record<string, FieldSpec>;

/** Check a JSON object against its specs; the first problem is a 400 naming the field path. */
export function validateFields(specs: FieldSpecs, value: unknown, path: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw invalidArgument(`${path || 'body'} must be a JSON object`);
  const result: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
    const spec = specs[key];
    const field = path ? `${path}.${key}` : key;
    if (!spec) throw invalidArgument(`Invalid JSON payload received. Unknown name "${key}" at '${path || 'body'}': Cannot find field.`);
    if (v === null) continue;
    result[key] = validateField(spec, v, field);
  }
  return result;
}

/** On create: every required field is present. */
export function assertRequiredFields(specs: FieldSpecs, value: Record<string, unknown>): void {
  for (const [key, spec] of Object.entries(specs)) {
    if (spec.kind === 'enum' && spec.required && value[key] === undefined) {
      throw invalidArgument(`${key} is required; one of ${spec.values.join(', ')}`);
    }
  }
}

function validateField(spec: FieldSpec, value: unknown, field: string): unknown {
  switch (spec.kind) {
    case 'boolean':
      if (typeof value !== 'boolean') throw invalidArgument(`${field} must be true or false`);
      return value;
    case 'string':
      if (typeof value !== 'string' || (spec.pattern && !spec.pattern.test(value))) {
        throw invalidArgument(`${field} must be ${spec.hint ?? 'a string'}`);
      }
      return checked(spec.check?.(value), field, value);
    case 'enum':
      if (typeof value !== 'string' || !spec.values.includes(value)) throw invalidArgument(`${field} must be one of ${spec.values.join(', ')}`);
      return value;
    case 'labels':
      return parseLabels(value, field);
    case 'object': {
      const fields = validateFields(spec.fields, value, field);
      return checked(spec.check?.(fields), field, fields);
    }
    case 'array':
      if (!Array.isArray(value)) throw invalidArgument(`${field} must be a list`);
      return value.map((item, i) => validateField(spec.items, item, `${field}[${i}]`));
  }
}

function checked<T>(problem: string | null | undefined, field: string, value: T): T {
  if (problem) throw invalidArgument(`${field}: ${problem}`);
  return value;
}

/**
 * Apply a PATCH: every path in `updateMask` (comma-separated, Google's FieldMask) is copied
 * from the patch, or cleared when the patch leaves it out. Immutable fields are refused.
 */
export function applyUpdateMask(specs: FieldSpecs, current: Record<string, unknown>, patch: Record<string, unknown>, updateMask: string | undefined): Record<string, unknown> {
  if (!updateMask) throw invalidArgument('updateMask is required: name the fields to update, for example updateMask=labels');
  const next = structuredClone(current);
  for (const path of updateMask.split(',').map((p) => p.trim()).filter(Boolean)) {
    if (!specAt(specs, path)) throw invalidArgument(`updateMask names an unknown field '${path}'`);
    setPath(next, path, getPath(patch, path));
  }
  assertImmutablesUnchanged(specs, current, next, '');
  return next;
}

function specAt(specs: FieldSpecs, path: string): FieldSpec | undefined {
  const [head, ...rest] = path.split('.');
  const spec = specs[head];
  if (!spec || rest.length === 0) return spec;
  return spec.kind === 'object' ? specAt(spec.fields, rest.join('.')) : undefined;
}

function assertImmutablesUnchanged(specs: FieldSpecs, before: unknown, after: unknown, path: string): void {
  for (const [key, spec] of Object.entries(specs)) {
    const field = path ? `${path}.${key}` : key;
    const a = (before as Record<string, unknown> | undefined)?.[key];
    const b = (after as Record<string, unknown> | undefined)?.[key];
    if (spec.immutable && JSON.stringify(a) !== JSON.stringify(b)) {
      throw invalidArgument(`field '${field}' is immutable and cannot be updated`);
    }
    if (spec.kind === 'object') assertImmutablesUnchanged(spec.fields, a, b, field);
  }
}

function getPath(object: Record<string, unknown>, path: string): unknown {
  return path.split('.').reduce<unknown>((o, key) => (o && typeof o === 'object' ? (o as Record<string, unknown>)[key] : undefined), object);
}

function setPath(object: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.split('.');
  let target = object;
  for (const key of keys.slice(0, -1)) {
    if (typeof target[key] !== 'object' || target[key] === null) target[key] = {};
    target = target[key] as Record<string, unknown>;
  }
  const last = keys[keys.length - 1];
  if (value === undefined) delete target[last];
  else target[last] = value;
}
