import test from 'ava';
import { Hl7v2FilterScanner } from '../../../stores/hl7v2/hl7v2-filter-scanner.ts';

test('strings keep their escaped quotes and backslashes and end the token', (t) => {
  const scanner = new Hl7v2FilterScanner('"a \\"b\\" \\\\ c" rest');
  t.is(scanner.readString(), 'a "b" \\ c');
  t.true(scanner.skipSpace());
  t.is(scanner.readWord(), 'rest');
  t.true(scanner.atEnd());
});

test('bare values stop at whitespace, parentheses, quotes, commas and comparisons', (t) => {
  for (const [text, value] of [['2017-01-02T00:00:00-05:00)', '2017-01-02T00:00:00-05:00'], ['a:b,c', 'a:b'], ['x=y', 'x'], ['*"', '*'], ['é😀 z', 'é😀']]) {
    t.is(new Hl7v2FilterScanner(text).readBare(), value, text);
  }
});

test('operators are read longest first', (t) => {
  t.deepEqual(['<=', '>=', '!=', '=', '<', '>', ':', '!', ''].map((text) => new Hl7v2FilterScanner(`${text}x`).readOperator()), ['<=', '>=', '!=', '=', '<', '>', ':', '', '']);
});

test('errors carry a caret excerpt, shortened around the position in a long filter', (t) => {
  const text = `${'a'.repeat(50)}\tb${'c'.repeat(50)}`;
  const error = new Hl7v2FilterScanner(text).error('here', 52);
  t.is(error.code, 'INVALID_ARGUMENT');
  t.is(error.message, 'invalid filter at position 52: here');
  const description = (error.details[0] as { fieldViolations: { description: string }[] }).fieldViolations[0].description;
  t.is(description, `invalid filter at position 52: here\n…${'a'.repeat(29)} b${'c'.repeat(29)}…\n${' '.repeat(31)}^`);
});
