import test from 'ava';
import { parseYamlLookupTable } from '../../config/parse-yaml-lookup-table.ts';

test('a mapping of strings', (t) => {
  const rows = parseYamlLookupTable('# local codes to LOINC\nGLU: 2345-7\n"NA": "2951-2"\n"10": ""\n');
  t.deepEqual(rows.problems, []);
  t.deepEqual([...rows.entries], [['GLU', '2345-7'], ['NA', '2951-2'], ['10', '']]);
});

test('keys and values YAML reads as something else than text are problems at their line', (t) => {
  const rows = parseYamlLookupTable('GLU: 2345-7\n10: x\nK: 1.10\nL: [a]\n"": x\n');
  t.deepEqual(rows.problems, [
    { line: 2, message: '10: must be a string; quote values such as "123" so YAML keeps them as written' },
    { line: 3, message: 'K: must be a string; quote values such as "123" so YAML keeps them as written (got 1.1)' },
    { line: 4, message: 'L: must be a string; quote values such as "123" so YAML keeps them as written (got ["a"])' },
    { line: 5, message: 'the value to look up is empty: an empty value is never looked up' },
  ]);
});

test('a repeated key, a syntax error, a list and an empty file are problems', (t) => {
  t.deepEqual(parseYamlLookupTable('A: x\nB: y\nA: z\n').problems, [{ line: 3, message: 'Map keys must be unique' }]);
  t.deepEqual(parseYamlLookupTable('A: "x\n').problems, [{ line: 2, message: 'Missing closing "quote' }]);
  t.deepEqual(parseYamlLookupTable('- A\n').problems, [{ line: 1, message: 'the table must be a YAML mapping of values to values, such as "GLU: 2345-7"' }]);
  t.deepEqual(parseYamlLookupTable('').problems, [{ line: 1, message: 'the table must be a YAML mapping of values to values, such as "GLU: 2345-7"' }]);
  t.deepEqual(parseYamlLookupTable('{}').problems, [{ line: null, message: 'the table has no rows' }]);
});
