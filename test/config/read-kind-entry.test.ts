import test from 'ava';
import type { ConfigError } from '../../config/config-error.ts';
import { ConfigIssues } from '../../config/config-issues.ts';
import { readKindEntry, type KindEntry } from '../../config/read-kind-entry.ts';

const KINDS = { noun: 'destination', kinds: ['store', 'mllp'], extra: ['name'] };

/** What readKindEntry gives for `value`, and the issues it reported. */
function read(value: unknown): { entry: Omit<KindEntry, 'reader'> | null; issues: [string, string][] } {
  const issues = new ConfigIssues(null);
  const entry = readKindEntry(value, ['destinations', 0], issues, KINDS);
  return { entry: entry && { kind: entry.kind, value: entry.value, entry: entry.entry }, issues: reported(issues) };
}

function reported(issues: ConfigIssues): [string, string][] {
  try {
    issues.throwIfAny();
    return [];
  } catch (error) {
    return (error as ConfigError).issues.map((i) => [i.key, i.message]);
  }
}

test('the kind key names the kind; its value and the whole entry come along', (t) => {
  t.deepEqual(read({ store: 's', name: 'n' }), { entry: { kind: 'store', value: 's', entry: { store: 's', name: 'n' } }, issues: [] });
  t.deepEqual(read({ mllp: null }), { entry: { kind: 'mllp', value: null, entry: { mllp: null } }, issues: [] });
});

test('an unknown key is an unknown kind when no kind is there, else an unknown key; the entry is still read', (t) => {
  t.deepEqual(read({ http: {} }), { entry: null, issues: [['destinations[0].http', 'unknown destination kind; known kinds: store, mllp']] });
  t.deepEqual(read({ store: 's', nam: 'n' }), {
    entry: { kind: 'store', value: 's', entry: { store: 's', nam: 'n' } },
    issues: [['destinations[0].nam', 'unknown key; known keys here: store, mllp, name']],
  });
});

test('no kind, two kinds or no mapping at all cannot be read', (t) => {
  t.deepEqual(read({ name: 'n' }), { entry: null, issues: [['destinations[0]', 'must have one of the keys store, mllp']] });
  t.deepEqual(read({ mllp: {}, store: 's' }), { entry: null, issues: [['destinations[0]', 'must have only one of the keys store, mllp, not mllp and store']] });
  t.deepEqual(read(['store']), { entry: null, issues: [['destinations[0]', 'must be a mapping with one of the keys store, mllp']] });
  t.deepEqual(read(null), { entry: null, issues: [['destinations[0]', 'must be a mapping with one of the keys store, mllp']] });
});
