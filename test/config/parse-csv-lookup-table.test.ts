import test from 'ava';
import { parseCsvLookupTable } from '../../config/parse-csv-lookup-table.ts';

test('rows after the header from,to, quoted values, trimmed unquoted ones', (t) => {
  const rows = parseCsvLookupTable('\uFEFFfrom,to\r\nGLU, 2345-7\r\n\r\n"NA, serum","2951-2"\r\n "say ""hi""" ,x\r\nEMPTY,\n');
  t.deepEqual(rows.problems, []);
  t.deepEqual([...rows.entries], [['GLU', '2345-7'], ['NA, serum', '2951-2'], ['say "hi"', 'x'], ['EMPTY', '']]);
});

test('every malformed row is a problem at its line', (t) => {
  const rows = parseCsvLookupTable([
    'code,loinc',
    'GLU,2345-7',
    'GLU,2345-8',
    'A,B,C',
    '"open,x',
    'say "hi",x',
    '"a"b,x',
    ',x',
    'K,"v"',
  ].join('\n'));
  t.deepEqual(rows.problems, [
    { line: 1, message: 'the first row must be the header from,to (got "code,loinc")' },
    { line: 3, message: '"GLU" is already in the table, on line 2' },
    { line: 4, message: 'a row has two values, from and to (got 3)' },
    { line: 5, message: 'a quoted value must end on its own line' },
    { line: 6, message: 'a value with a " in it must be quoted, its quotes doubled: "say ""hi"""' },
    { line: 7, message: 'a quoted value must be followed by a comma or the end of the line' },
    { line: 8, message: 'the value to look up is empty: an empty value is never looked up' },
  ]);
  t.deepEqual([...rows.entries], [['GLU', '2345-7'], ['K', 'v']]);
});

test('a table without rows is a problem', (t) => {
  t.deepEqual(parseCsvLookupTable('from,to\n').problems, [{ line: null, message: 'the table has no rows' }]);
  t.deepEqual(parseCsvLookupTable('').problems, [{ line: null, message: 'the table has no rows' }]);
});
