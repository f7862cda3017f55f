import { parseByteSize } from './byte-size.ts';
import { isMapping } from './check-schema-shape.ts';
import type { ConfigIssues, KeyPath } from './config-issues.ts';

export interface TextRule {
  pattern: RegExp;
  message: string;
}

/** Whole numbers from `min` to `max`, and what to say about any other value. */
export interface IntegerRule {
  min: number;
  max: number;
  message: string;
}

/**
 * Reads the fields of one user-written entry (a region, an API key, a binding), which
 * convict cannot describe. Each problem is reported at its own key; a field that is
 * wrong reads as null so the caller can skip what depends on it.
 */
export class EntryReader {
  private constructor(
    private readonly entry: Record<string, unknown>,
    readonly path: KeyPath,
    private readonly issues: ConfigIssues,
  ) {}

  /** A reader for `value`, or null (reported) when it is not a mapping. Reports keys outside `known`. */
  static open(value: unknown, path: KeyPath, issues: ConfigIssues, known: readonly string[]): EntryReader | null {
    if (!isMapping(value)) {
      issues.add(path, `must be a mapping with the keys ${known.join(', ')}`);
      return null;
    }
    for (const key of Object.keys(value)) if (!known.includes(key)) issues.addUnknownKey([...path, key], known);
    return new EntryReader(value, path, issues);
  }

  /** A reader for a mapping inside this entry, such as an item of one of its lists. */
  nested(path: KeyPath, value: unknown, known: readonly string[]): EntryReader | null {
    return EntryReader.open(value, [...this.path, ...path], this.issues, known);
  }

  /** Whether the entry gives `key` (a value other than null). */
  has(key: string): boolean {
    return !isAbsent(this.entry[key]);
  }

  /**
   * A non-empty string, `fallback` when absent or null (required when no fallback), null
   * when wrong. With a null fallback the key is optional, and the issues tell absent from wrong.
   */
  text(key: string, rule?: TextRule, fallback?: string | null): string | null {
    const value = this.entry[key];
    if (isAbsent(value) && fallback !== undefined) return fallback;
    if (isAbsent(value)) return this.problem(key, 'required');
    if (typeof value !== 'string' || value.trim() === '') return this.problem(key, 'must be a non-empty string');
    return rule && !rule.pattern.test(value) ? this.problem(key, rule.message) : value;
  }

  /** A whole number within `rule`, `fallback` when absent or null (required when no fallback), null when wrong. */
  integer(key: string, rule: IntegerRule, fallback?: number): number | null {
    const value = this.entry[key];
    if (isAbsent(value) && fallback !== undefined) return fallback;
    if (isAbsent(value)) return this.problem(key, 'required');
    const valid = Number.isSafeInteger(value) && (value as number) >= rule.min && (value as number) <= rule.max;
    return valid ? (value as number) : this.problem(key, `${rule.message} (got ${JSON.stringify(value)})`);
  }

  /** A number, whole or not, above `rule.min` and at most `rule.max`; required when no fallback; null when wrong. */
  decimal(key: string, rule: IntegerRule, fallback?: number): number | null {
    const value = this.entry[key];
    if (isAbsent(value) && fallback !== undefined) return fallback;
    if (isAbsent(value)) return this.problem(key, 'required');
    const valid = typeof value === 'number' && Number.isFinite(value) && value > rule.min && value <= rule.max;
    return valid ? value : this.problem(key, `${rule.message} (got ${JSON.stringify(value)})`);
  }

  /** true or false, `fallback` when absent or null, null when wrong. */
  boolean(key: string, fallback: boolean): boolean | null {
    const value = this.entry[key];
    if (isAbsent(value)) return fallback;
    return typeof value === 'boolean' ? value : this.problem(key, `must be true or false (got ${JSON.stringify(value)})`);
  }

  /** A size in bytes greater than 0, as `limits` takes them (`10MB`); `fallback` when absent or null, null when wrong. */
  byteSize(key: string, fallback: number): number | null {
    const value = this.entry[key];
    if (isAbsent(value)) return fallback;
    const bytes = parseByteSize(value);
    if (bytes !== null && bytes > 0) return bytes;
    return this.problem(key, `must be a size in bytes greater than 0, a number or a string such as "10MB" (got ${JSON.stringify(value)})`);
  }

  /** A list, `fallback` when absent or null (required when no fallback), null when wrong. */
  list(key: string, fallback?: unknown[]): unknown[] | null {
    const value = this.entry[key];
    if (isAbsent(value) && fallback !== undefined) return fallback;
    if (isAbsent(value)) return this.problem(key, 'required');
    return Array.isArray(value) ? value : this.problem(key, 'must be a list');
  }

  /** A mapping, `fallback` when absent, null when wrong. */
  mapping(key: string, fallback: Record<string, unknown>): Record<string, unknown> | null {
    const value = this.entry[key];
    if (isAbsent(value)) return fallback;
    return isMapping(value) ? value : this.problem(key, 'must be a mapping');
  }

  /** Report a problem with a field (or a path inside it) that the caller checked itself. */
  problem(key: string | KeyPath, message: string): null {
    this.issues.add([...this.path, ...(typeof key === 'string' ? [key] : key)], message);
    return null;
  }
}

/** An empty YAML value (`key:` or `key: null`) means the default, as it does for sections. */
function isAbsent(value: unknown): value is undefined | null {
  return value === undefined || value === null;
}
