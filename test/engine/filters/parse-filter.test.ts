import test from 'ava';
import { filterError } from '../../../engine/filters/filter-error.ts';
import { parseFilter, type FilterGrammar } from '../../../engine/filters/parse-filter.ts';

/** A grammar of two fields: `size` takes numbers, `name` any text. */
const grammar: FilterGrammar<'size' | 'name', string | number> = {
  fields: ['size', 'name'],
  checkValue(field, _op, token) {
    if (field === 'name') return token.text;
    if (!/^\d+$/.test(token.text)) throw filterError(token.pos, `size takes a number, found '${token.text}'`);
    return Number(token.text);
  },
};

test('the grammar names the fields and types the values', (t) => {
  t.deepEqual(parseFilter('size > 3 name:"a b"', grammar), {
    kind: 'and',
    operands: [{ kind: 'compare', field: 'size', op: '>', value: 3 }, { kind: 'compare', field: 'name', op: ':', value: 'a b' }],
  });
  t.is(parseFilter(' ', grammar), null);
});

test('unknown fields list the grammar\'s fields; value errors come from the grammar with their position', (t) => {
  t.throws(() => parseFilter('colour = red', grammar), { message: "invalid filter at position 1: unknown field 'colour'; fields are size, name" });
  t.throws(() => parseFilter('name = x OR size = big', grammar), { message: "invalid filter at position 20: size takes a number, found 'big'" });
  t.throws(() => parseFilter('name = "open', grammar), { message: 'invalid filter at position 8: unterminated string' });
});
