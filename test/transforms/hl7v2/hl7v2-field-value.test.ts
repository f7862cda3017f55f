import test from 'ava';
import { DEFAULT_DELIMITERS } from '../../../transforms/hl7v2/hl7v2-delimiters.ts';
import { encodedAt, leafOf, pieceOf, withLeaf, withoutPart, withPiece } from '../../../transforms/hl7v2/hl7v2-field-value.ts';

const d = DEFAULT_DELIMITERS;
const field = 'a1&a2^b~c^d&e';

test('pieces are 1-based and undefined past the last', (t) => {
  t.is(pieceOf('a^b^c', '^', 1), 'a');
  t.is(pieceOf('a^b^c', '^', 3), 'c');
  t.is(pieceOf('a^b^c', '^', 4), undefined);
  t.is(pieceOf('', '^', 1), '');
  t.is(withPiece('a', '^', 3, 'c'), 'a^^c');
  t.is(withPiece('a^b^c', '^', 2, 'x'), 'a^x^c');
});

test('leaves default to the first of every level; encoded text stops at the deepest level given', (t) => {
  t.is(leafOf(field, d, {}), 'a1');
  t.is(leafOf(field, d, { component: 1, subcomponent: 2 }), 'a2');
  t.is(leafOf(field, d, { repetition: 2, component: 2, subcomponent: 2 }), 'e');
  t.is(leafOf(field, d, { repetition: 3 }), undefined);
  t.is(encodedAt(field, d, {}), field);
  t.is(encodedAt(field, d, { repetition: 2 }), 'c^d&e');
  t.is(encodedAt(field, d, { component: 1 }), 'a1&a2');
  t.is(encodedAt(field, d, { repetition: 2, component: 2, subcomponent: 1 }), 'd');
  t.is(encodedAt(field, d, { component: 5 }), undefined);
});

test('a leaf is replaced, adding what is missing', (t) => {
  t.is(withLeaf(field, d, { repetition: 2, component: 2, subcomponent: 3 }, 'f'), 'a1&a2^b~c^d&e&f');
  t.is(withLeaf('', d, { repetition: 2, component: 3 }, 'x'), '~^^x');
  t.is(withLeaf(field, d, {}, 'z'), 'z&a2^b~c^d&e');
});

test('a part is removed: a repetition taken out, a component or subcomponent emptied, empty ends dropped', (t) => {
  t.is(withoutPart(field, d, {}), '');
  t.is(withoutPart(field, d, { repetition: 1 }), 'c^d&e');
  t.is(withoutPart('a~b~c', d, { repetition: 2 }), 'a~c');
  t.is(withoutPart('a~~c', d, { repetition: 3 }), 'a');
  t.is(withoutPart(field, d, { component: 2 }), 'a1&a2~c^d&e');
  t.is(withoutPart(field, d, { repetition: 2, component: 2, subcomponent: 2 }), 'a1&a2^b~c^d');
  t.is(withoutPart(field, d, { component: 1, subcomponent: 1 }), '&a2^b~c^d&e');
  t.is(withoutPart('DOE^JANE', d, { component: 2 }), 'DOE');
  t.is(withoutPart('^JANE', d, { component: 2 }), '');
});

test('removing what is not there gives the field back', (t) => {
  t.is(withoutPart(field, d, { repetition: 3 }), field);
  t.is(withoutPart(field, d, { component: 5 }), field);
  t.is(withoutPart(field, d, { repetition: 2, component: 2, subcomponent: 4 }), field);
});
