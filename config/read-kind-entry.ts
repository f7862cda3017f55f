import { isMapping } from './check-schema-shape.ts';
import type { ConfigIssues, KeyPath } from './config-issues.ts';
import { EntryReader } from './entry-reader.ts';

/** The kinds an entry may be, such as a stage's `parse` and `filter`, and the keys allowed beside the kind key. */
export interface EntryKinds {
  /** What the entry is, for messages: `stage`, `destination`. */
  noun: string;
  kinds: readonly string[];
  extra?: readonly string[];
}

/** An entry read by its kind key: `value` is what the kind key holds, at `[...reader.path, kind]`. */
export interface KindEntry {
  kind: string;
  value: unknown;
  /** The whole entry, the kind key and the keys beside it. */
  entry: Record<string, unknown>;
  reader: EntryReader;
}

/**
 * An entry named by its one kind key (`- parse: hl7v2`, `- store: NAME`, `mllp: {...}`);
 * null (reported) when the kind cannot be told. A key that is neither a kind nor an extra
 * key is reported as an unknown kind when no kind is there, else as an unknown key.
 */
export function readKindEntry(value: unknown, path: KeyPath, issues: ConfigIssues, what: EntryKinds): KindEntry | null {
  const known = [...what.kinds, ...(what.extra ?? [])];
  if (!isMapping(value)) {
    issues.add(path, `must be a mapping with one of the keys ${what.kinds.join(', ')}`);
    return null;
  }
  const present = Object.keys(value).filter((key) => what.kinds.includes(key));
  for (const key of Object.keys(value).filter((k) => !known.includes(k))) {
    if (present.length === 0) issues.add([...path, key], `unknown ${what.noun} kind; known kinds: ${what.kinds.join(', ')}`);
    else issues.addUnknownKey([...path, key], known);
  }
  if (present.length === 0 && Object.keys(value).every((key) => known.includes(key))) {
    issues.add(path, `must have one of the keys ${what.kinds.join(', ')}`);
  }
  if (present.length > 1) issues.add(path, `must have only one of the keys ${what.kinds.join(', ')}, not ${present.join(' and ')}`);
  if (present.length !== 1) return null;
  const reader = EntryReader.open(value, path, issues, [...known, ...Object.keys(value)])!;
  return { kind: present[0], value: value[present[0]], entry: value, reader };
}
