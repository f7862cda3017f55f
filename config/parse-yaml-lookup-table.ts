import { isMap, isScalar, LineCounter, parseDocument, type Node } from 'yaml';
import { LookupTableRows } from './lookup-table-rows.ts';

/**
 * A YAML lookup table: one mapping, `GLU: 2345-7`. Keys and values must be strings as
 * written: YAML reads `10: x` as a number and `1.10` as 1.1, so such codes must be quoted.
 */
export function parseYamlLookupTable(text: string): LookupTableRows {
  const rows = new LookupTableRows();
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines });
  for (const error of doc.errors) rows.problem(error.linePos?.[0].line ?? null, error.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, ''));
  if (doc.errors.length > 0) return rows;
  const lineOf = (node: unknown): number => lines.linePos((node as Node | null)?.range?.[0] ?? 0).line;
  if (!isMap(doc.contents)) {
    rows.problem(1, 'the table must be a YAML mapping of values to values, such as "GLU: 2345-7"');
    return rows;
  }
  for (const { key, value } of doc.contents.items) {
    const line = lineOf(key);
    const from = isScalar(key) && typeof key.value === 'string' ? key.value : null;
    const to = isScalar(value) && typeof value.value === 'string' ? value.value : null;
    if (from === null) rows.problem(line, `${String(isScalar(key) ? key.value : key)}: must be a string; quote values such as "123" so YAML keeps them as written`);
    else if (to === null) rows.problem(line, `${from}: must be a string; quote values such as "123" so YAML keeps them as written (got ${JSON.stringify(isScalar(value) ? value.value : value)})`);
    else rows.add(from, to, line);
  }
  return rows.checkNotEmpty();
}
