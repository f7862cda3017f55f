import { LookupTableRows } from './lookup-table-rows.ts';

const HEADER = 'from,to';
const QUOTE = '"';

/**
 * A CSV lookup table: the header row `from,to`, then one row a line. Values may be quoted
 * (`"a, b"`, quotes doubled inside: `"say ""hi"""`); unquoted values are trimmed; blank
 * lines are skipped. Spreadsheet exports work (a UTF-8 byte order mark, CRLF lines), but a
 * quoted value must end on its own line.
 */
export function parseCsvLookupTable(text: string): LookupTableRows {
  const rows = new LookupTableRows();
  let headerSeen = false;
  text.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/).forEach((line, index) => {
    if (line.trim() === '') return;
    const cells = splitCsvLine(line);
    if (typeof cells === 'string') return rows.problem(index + 1, cells);
    if (!headerSeen) {
      headerSeen = true;
      if (cells.join(',') !== HEADER) rows.problem(index + 1, `the first row must be the header ${HEADER} (got ${JSON.stringify(line)})`);
      return;
    }
    if (cells.length !== 2) return rows.problem(index + 1, `a row has two values, from and to (got ${cells.length})`);
    rows.add(cells[0], cells[1], index + 1);
  });
  return rows.checkNotEmpty();
}

/** The values of one CSV line, or what is wrong with it. */
function splitCsvLine(line: string): string[] | string {
  const cells: string[] = [];
  let at = 0;
  for (;;) {
    const cell = readCell(line, at);
    if (typeof cell === 'string') return cell;
    cells.push(cell.value);
    if (cell.next >= line.length) return cells;
    at = cell.next + 1;
  }
}

/** The value starting at `at` and where it ends (at a comma or the line's end). */
function readCell(line: string, at: number): { value: string; next: number } | string {
  const start = line.slice(at).search(/[^ \t]|$/) + at;
  if (line[start] !== QUOTE) {
    const comma = line.indexOf(',', at);
    const next = comma < 0 ? line.length : comma;
    const value = line.slice(at, next).trim();
    return value.includes(QUOTE) ? 'a value with a " in it must be quoted, its quotes doubled: "say ""hi"""' : { value, next };
  }
  let value = '';
  let from = start + 1;
  for (;;) {
    const close = line.indexOf(QUOTE, from);
    if (close < 0) return 'a quoted value must end on its own line';
    value += line.slice(from, close);
    if (line[close + 1] !== QUOTE) return afterQuoted(line, close + 1, value);
    value += QUOTE;
    from = close + 2;
  }
}

/** After a closing quote only blanks may come before the comma or the line's end. */
function afterQuoted(line: string, at: number, value: string): { value: string; next: number } | string {
  const next = line.slice(at).search(/[^ \t]|$/) + at;
  return next === line.length || line[next] === ',' ? { value, next } : 'a quoted value must be followed by a comma or the end of the line';
}
